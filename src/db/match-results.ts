import type { Knex } from "knex";
import type { FinishedMatch } from "../battle/finished-match";
import type { Rating } from "../battle/glicko-rating";
import {
  fromParticipantRow,
  toParticipantRow,
  type ParticipantResult,
  type StoredValue,
} from "../battle/participant-result";
import { isRated } from "../battle/play-mode";
import { inSqlTransaction, type SqlQuery } from "./sql-transaction";

/** A player's ladder state as locked for the result: the season running at the match's end and their LP. */
export interface LadderBefore {
  season: number;
  /** LP in this season; null before their first ranked match of it. */
  points: number | null;
  /** LP of the latest earlier season they played; null if none (the settlement applies the soft reset). */
  previousPoints: number | null;
}

/** A profile as locked for the result: its rating, XP and ladder state before this match. */
export interface ProfileBefore extends Rating {
  xp: number;
  /** null when no season is running at the match's end. */
  ladder: LadderBefore | null;
}

/** What a match changes, computed by the caller (src/battle/match-settlement.ts) from the locked profiles. */
export interface MatchSettlement {
  participants: [ParticipantResult, ParticipantResult];
  /** Each seat's XP total and level after the match. */
  progress: [{ xp: number; level: number }, { xp: number; level: number }];
  /** Each seat's LP after the match in `season`; empty when no rank changes. */
  ladder: Array<{ steamId: string; season: number; points: number; result: ParticipantResult["result"] }>;
}

export type SettleMatch = (before: [ProfileBefore, ProfileBefore]) => MatchSettlement;

export interface RecordedResult {
  /** false when this match id was already recorded (nothing changed this time). */
  applied: boolean;
  participants: [ParticipantResult, ParticipantResult];
}

async function readRecorded(query: SqlQuery, matchId: string): Promise<RecordedResult> {
  const rows = await query(
    "SELECT *, player_id::text AS steam_id FROM match_participants WHERE match_id = ? ORDER BY seat",
    [matchId],
  );
  return { applied: false, participants: rows.map(fromParticipantRow) as [ParticipantResult, ParticipantResult] };
}

// Inserts the history row (unless this match id is already there) and locks both profiles in a fixed
// order, so two results for the same players cannot deadlock. `inserted` is 0 for an already recorded match.
const INSERT_HISTORY_AND_LOCK_PROFILES = `
WITH inserted AS (
  INSERT INTO match_history (id, started_at, ended_at, end_reason, winner_id, engine_version, seed, intent_log, ranked, mode)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
  ON CONFLICT (id) DO NOTHING
  RETURNING id
)
SELECT pp.player_id::text AS player_id, pp.rating, pp.rating_deviation, pp.volatility, pp.xp,
       (SELECT count(*) FROM inserted)::int AS inserted,
       s.id AS season_id,
       (SELECT sr.ladder_points FROM season_ranks sr WHERE sr.season_id = s.id AND sr.player_id = pp.player_id) AS season_points,
       (SELECT sr.ladder_points FROM season_ranks sr JOIN seasons ps ON ps.id = sr.season_id
         WHERE sr.player_id = pp.player_id AND ps.starts_at < s.starts_at
         ORDER BY ps.starts_at DESC LIMIT 1) AS previous_points
FROM player_profiles pp
LEFT JOIN LATERAL (
  SELECT id, starts_at FROM seasons WHERE starts_at <= ?::timestamptz AND ends_at > ?::timestamptz ORDER BY starts_at DESC LIMIT 1
) s ON true
WHERE pp.player_id IN (?, ?)
ORDER BY pp.player_id
FOR UPDATE OF pp`;

const PROFILE_ROW = "(?::bigint, ?::float8, ?::float8, ?::float8, ?::int, ?::int, ?::int, ?::int, ?::int, ?::int)";
const LADDER_ROW = "(?::int, ?::bigint, ?::int, 1, ?::int, ?::int, ?::int)";

/**
 * Both participants, both profiles and (for a match that changes ranks) both season ranks in one statement
 * (a data-modifying WITH runs to completion). The participant columns come from toParticipantRow.
 */
const statements = new Map<string, string>();
function participantsAndProfilesSql(columns: string[], withLadder: boolean): string {
  const key = `${columns.join(",")}|${withLadder}`;
  let sql = statements.get(key);
  if (!sql) {
    sql = buildParticipantsAndProfilesSql(columns, withLadder);
    statements.set(key, sql);
  }
  return sql;
}

function buildParticipantsAndProfilesSql(columns: string[], withLadder: boolean): string {
  const row = `(?::uuid, ?::bigint, ?::smallint, ?::jsonb, ?::timestamptz, ${columns.map(() => "?").join(", ")})`;
  const ladder = withLadder
    ? `, ladder AS (
  INSERT INTO season_ranks AS sr (season_id, player_id, ladder_points, games, wins, losses, draws)
  VALUES ${LADDER_ROW}, ${LADDER_ROW}
  ON CONFLICT (season_id, player_id) DO UPDATE
  SET ladder_points = EXCLUDED.ladder_points, games = sr.games + 1, wins = sr.wins + EXCLUDED.wins,
      losses = sr.losses + EXCLUDED.losses, draws = sr.draws + EXCLUDED.draws, updated_at = now()
)`
    : "";
  return `
WITH participants AS (
  INSERT INTO match_participants (match_id, player_id, seat, deck_snapshot, ended_at, ${columns.join(", ")})
  VALUES ${row}, ${row}
)${ladder}
UPDATE player_profiles AS p
SET rating = v.rating, rating_deviation = v.deviation, volatility = v.volatility,
    games = p.games + v.game, wins = p.wins + v.win, losses = p.losses + v.loss, draws = p.draws + v.draw,
    xp = v.xp, level = v.level, last_match_at = ?::timestamptz, updated_at = now()
FROM (VALUES ${PROFILE_ROW}, ${PROFILE_ROW}) AS v(player_id, rating, deviation, volatility, game, win, loss, draw, xp, level)
WHERE p.player_id = v.player_id`;
}

const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Records a finished match in ONE transaction: match_history, both match_participants, both season_ranks
 * (when a season is running), both player_profiles (rating, counters, XP as `settle` computes them from the locked profiles). Idempotent on
 * the match id: a second call changes nothing (`settle` is not called) and returns what the first recorded.
 * Two statements between BEGIN and COMMIT: this runs at the end of every battle, and each round trip
 * through the driver costs the game server CPU (see inSqlTransaction).
 */
export async function recordMatchResult(
  knex: Knex,
  match: FinishedMatch,
  settle: SettleMatch,
): Promise<RecordedResult> {
  return inSqlTransaction(knex, async (query) => {
    const winnerId = match.winnerSeat === null ? null : match.seats[match.winnerSeat].steamId;
    const ids = match.seats.map((s) => s.steamId);
    const intentLog = JSON.stringify({
      firstSeat: match.firstSeat,
      log: match.intentLog,
      forfeit: match.forfeit,
      finalHash: match.finalHash,
    });
    const profiles = await query(INSERT_HISTORY_AND_LOCK_PROFILES, [
      match.matchId,
      match.startedAt,
      match.endedAt,
      match.endReason,
      winnerId,
      match.engineVersion,
      match.seed,
      intentLog,
      isRated(match.mode),
      match.mode ?? "ranked",
      match.endedAt,
      match.endedAt,
      ids[0],
      ids[1],
    ]);
    if (profiles.length > 0 && Number(profiles[0].inserted) === 0) return readRecorded(query, match.matchId);
    const bySteamId = new Map(profiles.map((p) => [String(p.player_id), p]));
    const before = ids.map((id): ProfileBefore => {
      const p = bySteamId.get(id);
      if (!p) throw new Error(`player_profiles row missing for ${id}`);
      const ladder: LadderBefore | null =
        p.season_id == null
          ? null
          : {
              season: Number(p.season_id),
              points: nullableNumber(p.season_points),
              previousPoints: nullableNumber(p.previous_points),
            };
      return {
        rating: Number(p.rating),
        deviation: Number(p.rating_deviation),
        volatility: Number(p.volatility),
        xp: Number(p.xp),
        ladder,
      };
    }) as [ProfileBefore, ProfileBefore];
    const { participants, progress, ladder } = settle(before);

    const rows = participants.map(toParticipantRow);
    const columns = Object.keys(rows[0]);
    const participantValues = participants.flatMap((p, i): StoredValue[] => [
      match.matchId,
      p.steamId,
      p.seat,
      JSON.stringify({ deckId: match.seats[p.seat].deckId, cards: match.seats[p.seat].deck }),
      match.endedAt,
      ...columns.map((c) => rows[i][c]),
    ]);
    const ladderValues = ladder.flatMap((l) => [
      l.season,
      l.steamId,
      l.points,
      l.result === "win" ? 1 : 0,
      l.result === "loss" ? 1 : 0,
      l.result === "draw" ? 1 : 0,
    ]);
    // An unrated match (casual, challenge) leaves the ladder counters as they are.
    const counts = isRated(match.mode) ? 1 : 0;
    const profileValues = participants.flatMap((p) => [
      p.steamId,
      p.after.rating,
      p.after.deviation,
      p.after.volatility,
      counts,
      p.result === "win" ? counts : 0,
      p.result === "loss" ? counts : 0,
      p.result === "draw" ? counts : 0,
      progress[p.seat].xp,
      progress[p.seat].level,
    ]);
    if (ladder.length !== 0 && ladder.length !== 2) throw new Error("a settlement ranks both players or neither");
    await query(participantsAndProfilesSql(columns, ladder.length === 2), [
      ...participantValues,
      ...ladderValues,
      match.endedAt,
      ...profileValues,
    ]);
    return { applied: true, participants };
  });
}
