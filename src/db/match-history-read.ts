import type { Knex } from "knex";
import { fromParticipantRow, type ParticipantResult } from "../battle/participant-result";
import type { PlayMode } from "../battle/play-mode";

export interface PlayerMatchRow {
  matchId: string;
  /** ended_at with microseconds, as PostgreSQL stores it: the keyset cursor must not round it. */
  endedAtKey: string;
  startedAt: string;
  endedAt: string;
  reason: string;
  ranked: boolean;
  mode: PlayMode;
  /** This player's stored result (src/battle/participant-result.ts). */
  me: ParticipantResult;
  opponent: { steamId: string; personaName: string } | null;
}

export interface MatchParticipantRow {
  personaName: string;
  participant: ParticipantResult;
}

export interface MatchSummaryRow {
  matchId: string;
  startedAt: string;
  endedAt: string;
  reason: string;
  ranked: boolean;
  mode: PlayMode;
  winnerSteamId: string | null;
  engineVersion: string;
  participants: MatchParticipantRow[];
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * One page of a player's matches, newest first, keyset-paginated on (ended_at, match_id) so matches that
 * end while the client pages never shift, duplicate or skip rows. Uses match_participants_player_history_idx.
 */
export async function listPlayerMatches(
  knex: Knex,
  steamId: string,
  page: { limit: number; before?: { endedAtKey: string; matchId: string } },
): Promise<PlayerMatchRow[]> {
  const bindings: Array<string | number> = [steamId];
  let keyset = "";
  if (page.before) {
    keyset = "AND (me.ended_at, me.match_id) < (?::timestamptz, ?::uuid)";
    bindings.push(page.before.endedAtKey, page.before.matchId);
  }
  bindings.push(page.limit);
  const result = await knex.raw(
    `SELECT me.match_id::text AS match_id,
            to_char(me.ended_at AT TIME ZONE 'UTC', ${UTC_MICROS}) AS ended_at_key,
            me.ended_at, mh.started_at, mh.end_reason, mh.ranked, mh.mode, me.*, me.player_id::text AS steam_id,
            opp.player_id::text AS opponent_id, op.persona_name AS opponent_name
       FROM match_participants me
       JOIN match_history mh ON mh.id = me.match_id
       LEFT JOIN match_participants opp ON opp.match_id = me.match_id AND opp.seat <> me.seat
       LEFT JOIN players op ON op.steam_id = opp.player_id
      WHERE me.player_id = ? ${keyset}
      ORDER BY me.ended_at DESC, me.match_id DESC
      LIMIT ?`,
    bindings,
  );
  return (result.rows as Array<Record<string, unknown>>).map((r) => ({
    matchId: String(r.match_id),
    endedAtKey: String(r.ended_at_key),
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    reason: String(r.end_reason),
    ranked: r.ranked === true,
    mode: r.mode as PlayMode,
    me: fromParticipantRow(r),
    opponent:
      r.opponent_id == null ? null : { steamId: String(r.opponent_id), personaName: String(r.opponent_name ?? "") },
  }));
}

export async function findMatchSummary(knex: Knex, matchId: string): Promise<MatchSummaryRow | null> {
  const match = await knex("match_history")
    .select(
      knex.raw("id::text AS id"),
      "started_at",
      "ended_at",
      "end_reason",
      "ranked",
      "mode",
      knex.raw("winner_id::text AS winner_id"),
      "engine_version",
    )
    .where({ id: matchId })
    .first();
  if (!match) return null;
  const participants = (await knex("match_participants as mp")
    .join("players as p", "p.steam_id", "mp.player_id")
    .select("mp.*", knex.raw("mp.player_id::text AS steam_id"), "p.persona_name")
    .where("mp.match_id", matchId)
    .orderBy("mp.seat")) as Array<Record<string, unknown>>;
  return {
    matchId: String(match.id),
    startedAt: iso(match.started_at),
    endedAt: iso(match.ended_at),
    reason: String(match.end_reason),
    ranked: match.ranked === true,
    mode: match.mode as PlayMode,
    winnerSteamId: match.winner_id == null ? null : String(match.winner_id),
    engineVersion: String(match.engine_version),
    participants: participants.map((p) => ({
      personaName: String(p.persona_name),
      participant: fromParticipantRow(p),
    })),
  };
}

/** What a replay needs from one recorded match: its history row and each seat's frozen deck, seat order. */
export interface ReplayRecord {
  engineVersion: string;
  seed: string;
  endReason: string;
  /** The stored intent log document (first seat, intents, forfeit, final hash). */
  intentLog: unknown;
  participants: Array<{ steamId: string; seat: number; deckSnapshot: unknown }>;
}

const parseJson = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

export async function findReplayRecord(knex: Knex, matchId: string): Promise<ReplayRecord | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(matchId)) return null;
  const history = await knex("match_history").where({ id: matchId }).first();
  if (!history) return null;
  const participants = await knex("match_participants")
    .select("seat", "deck_snapshot", knex.raw("player_id::text as player_id"))
    .where({ match_id: matchId })
    .orderBy("seat");
  return {
    engineVersion: history.engine_version,
    seed: history.seed,
    endReason: history.end_reason,
    intentLog: parseJson(history.intent_log),
    participants: participants.map((p: Record<string, unknown>) => ({
      steamId: String(p.player_id),
      seat: Number(p.seat),
      deckSnapshot: parseJson(p.deck_snapshot),
    })),
  };
}
