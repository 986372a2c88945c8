import type { Knex } from "knex";
import type { FinishedMatch } from "../battle/finished-match";
import type { Rating } from "../battle/glicko-rating";
import { isRated } from "../battle/play-mode";
import type { MatchOutcome } from "../battle/progression";
import { inSqlTransaction, type SqlQuery } from "./sql-transaction";

/** A profile as locked for the result: its rating and XP before this match. */
export interface ProfileBefore extends Rating {
  xp: number;
}

/** What a match changes, computed by the caller (src/battle/match-settlement.ts) from the locked profiles. */
export interface MatchSettlement {
  participants: [ParticipantOutcome, ParticipantOutcome];
  /** Each seat's XP total and level after the match. */
  progress: [{ xp: number; level: number }, { xp: number; level: number }];
}

export type SettleMatch = (before: [ProfileBefore, ProfileBefore]) => MatchSettlement;

export interface ParticipantOutcome {
  steamId: string;
  seat: 0 | 1;
  result: MatchOutcome;
  before: Rating;
  after: Rating;
  xpGained: number;
}

export interface RecordedResult {
  /** false when this match id was already recorded (nothing changed this time). */
  applied: boolean;
  participants: [ParticipantOutcome, ParticipantOutcome];
}

const READ_RECORDED = `
SELECT player_id::text AS player_id, seat, result, rating_before, rating_deviation_before, volatility_before,
       rating_after, rating_deviation_after, volatility_after, xp_gained
FROM match_participants WHERE match_id = ? ORDER BY seat`;

async function readRecorded(query: SqlQuery, matchId: string): Promise<RecordedResult> {
  const rows = await query(READ_RECORDED, [matchId]);
  const participants = rows.map(
    (r: Record<string, unknown>): ParticipantOutcome => ({
      steamId: String(r.player_id),
      seat: Number(r.seat) as 0 | 1,
      result: r.result as MatchOutcome,
      before: { rating: Number(r.rating_before), deviation: Number(r.rating_deviation_before), volatility: Number(r.volatility_before) },
      after: { rating: Number(r.rating_after), deviation: Number(r.rating_deviation_after), volatility: Number(r.volatility_after) },
      xpGained: Number(r.xp_gained),
    }),
  );
  return { applied: false, participants: participants as [ParticipantOutcome, ParticipantOutcome] };
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
SELECT player_id::text AS player_id, rating, rating_deviation, volatility, xp,
       (SELECT count(*) FROM inserted)::int AS inserted
FROM player_profiles
WHERE player_id IN (?, ?)
ORDER BY player_id
FOR UPDATE`;

const PARTICIPANT_ROW = "(?::uuid, ?::bigint, ?::smallint, ?::jsonb, ?, ?::float8, ?::float8, ?::float8, ?::float8, ?::float8, ?::float8, ?::int, ?::timestamptz)";
const PROFILE_ROW = "(?::bigint, ?::float8, ?::float8, ?::float8, ?::int, ?::int, ?::int, ?::int, ?::int, ?::int)";

// Both participants and both profiles in one statement (a data-modifying WITH runs to completion).
const INSERT_PARTICIPANTS_AND_UPDATE_PROFILES = `
WITH participants AS (
  INSERT INTO match_participants (match_id, player_id, seat, deck_snapshot, result, rating_before, rating_deviation_before,
    volatility_before, rating_after, rating_deviation_after, volatility_after, xp_gained, ended_at)
  VALUES ${PARTICIPANT_ROW}, ${PARTICIPANT_ROW}
)
UPDATE player_profiles AS p
SET rating = v.rating, rating_deviation = v.deviation, volatility = v.volatility,
    games = p.games + v.game, wins = p.wins + v.win, losses = p.losses + v.loss, draws = p.draws + v.draw,
    xp = v.xp, level = v.level, last_match_at = ?::timestamptz, updated_at = now()
FROM (VALUES ${PROFILE_ROW}, ${PROFILE_ROW}) AS v(player_id, rating, deviation, volatility, game, win, loss, draw, xp, level)
WHERE p.player_id = v.player_id`;

/**
 * Records a finished match in ONE transaction: match_history, both match_participants, both
 * player_profiles (rating, counters, XP as `settle` computes them from the locked profiles). Idempotent on
 * the match id: a second call changes nothing (`settle` is not called) and returns what the first recorded.
 * Two statements between BEGIN and COMMIT: this runs at the end of every battle, and each round trip
 * through the driver costs the game server CPU (see inSqlTransaction).
 */
export async function recordMatchResult(knex: Knex, match: FinishedMatch, settle: SettleMatch): Promise<RecordedResult> {
  return inSqlTransaction(knex, async (query) => {
    const winnerId = match.winnerSeat === null ? null : match.seats[match.winnerSeat].steamId;
    const ids = match.seats.map((s) => s.steamId);
    const intentLog = JSON.stringify({ firstSeat: match.firstSeat, log: match.intentLog, forfeit: match.forfeit, finalHash: match.finalHash });
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
      ids[0],
      ids[1],
    ]);
    if (profiles.length > 0 && Number(profiles[0].inserted) === 0) return readRecorded(query, match.matchId);
    const bySteamId = new Map(profiles.map((p) => [String(p.player_id), p]));
    const before = ids.map((id): ProfileBefore => {
      const p = bySteamId.get(id);
      if (!p) throw new Error(`player_profiles row missing for ${id}`);
      return { rating: Number(p.rating), deviation: Number(p.rating_deviation), volatility: Number(p.volatility), xp: Number(p.xp) };
    }) as [ProfileBefore, ProfileBefore];
    const { participants, progress } = settle(before);

    const participantValues = participants.flatMap((p) => [
      match.matchId,
      p.steamId,
      p.seat,
      JSON.stringify({ deckId: match.seats[p.seat].deckId, cards: match.seats[p.seat].deck }),
      p.result,
      p.before.rating,
      p.before.deviation,
      p.before.volatility,
      p.after.rating,
      p.after.deviation,
      p.after.volatility,
      p.xpGained,
      match.endedAt,
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
    await query(INSERT_PARTICIPANTS_AND_UPDATE_PROFILES, [...participantValues, match.endedAt, ...profileValues]);
    return { applied: true, participants };
  });
}
