import type { Knex } from "knex";
import type { FinishedMatch } from "../battle/finished-match";
import { rateGame, type Rating } from "../battle/glicko-rating";
import { levelForXp, XP_FOR, type MatchOutcome } from "../battle/progression";

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

function outcomeFor(seat: 0 | 1, winnerSeat: 0 | 1 | null): MatchOutcome {
  if (winnerSeat === null) return "draw";
  return winnerSeat === seat ? "win" : "loss";
}

async function readRecorded(trx: Knex.Transaction, matchId: string): Promise<RecordedResult> {
  const rows = await trx("match_participants")
    .select("*", trx.raw("player_id::text as player_id"))
    .where({ match_id: matchId })
    .orderBy("seat");
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

/**
 * Records a finished match in ONE transaction: match_history, both match_participants, both
 * player_profiles (Glicko-2, counters, XP). Idempotent on the match id: a second call changes nothing
 * and returns what the first recorded.
 */
export async function recordMatchResult(knex: Knex, match: FinishedMatch): Promise<RecordedResult> {
  return knex.transaction(async (trx) => {
    const winnerId = match.winnerSeat === null ? null : match.seats[match.winnerSeat].steamId;
    const inserted = await trx("match_history")
      .insert({
        id: match.matchId,
        started_at: match.startedAt,
        ended_at: match.endedAt,
        end_reason: match.endReason,
        winner_id: winnerId,
        engine_version: match.engineVersion,
        seed: match.seed,
        intent_log: JSON.stringify({ firstSeat: match.firstSeat, log: match.intentLog, forfeit: match.forfeit, finalHash: match.finalHash }),
        ranked: true,
      })
      .onConflict("id")
      .ignore()
      .returning("id");
    if (inserted.length === 0) return readRecorded(trx, match.matchId);

    const ids = match.seats.map((s) => s.steamId);
    // Lock both profiles in a fixed order so two results for the same players cannot deadlock.
    const profiles: Array<Record<string, unknown>> = await trx("player_profiles")
      .select(trx.raw("player_id::text as player_id"), "rating", "rating_deviation", "volatility", "xp")
      .whereIn("player_id", ids)
      .orderBy("player_id")
      .forUpdate();
    const bySteamId = new Map(profiles.map((p) => [String(p.player_id), p]));
    const before = ids.map((id): Rating => {
      const p = bySteamId.get(id);
      if (!p) throw new Error(`player_profiles row missing for ${id}`);
      return { rating: Number(p.rating), deviation: Number(p.rating_deviation), volatility: Number(p.volatility) };
    });
    const scoreSeat0 = match.winnerSeat === null ? 0.5 : match.winnerSeat === 0 ? 1 : 0;
    const after = rateGame(before[0], before[1], scoreSeat0);

    const participants = ([0, 1] as const).map((seat): ParticipantOutcome => {
      const result = outcomeFor(seat, match.winnerSeat);
      return { steamId: ids[seat], seat, result, before: before[seat], after: after[seat], xpGained: XP_FOR[result] };
    }) as [ParticipantOutcome, ParticipantOutcome];

    await trx("match_participants").insert(
      participants.map((p) => ({
        match_id: match.matchId,
        player_id: p.steamId,
        seat: p.seat,
        deck_snapshot: JSON.stringify({ deckId: match.seats[p.seat].deckId, cards: match.seats[p.seat].deck }),
        result: p.result,
        rating_before: p.before.rating,
        rating_deviation_before: p.before.deviation,
        volatility_before: p.before.volatility,
        rating_after: p.after.rating,
        rating_deviation_after: p.after.deviation,
        volatility_after: p.after.volatility,
        xp_gained: p.xpGained,
        ended_at: match.endedAt,
      })),
    );
    for (const p of participants) {
      const xp = Number(bySteamId.get(p.steamId)!.xp) + p.xpGained;
      await trx("player_profiles")
        .where({ player_id: p.steamId })
        .update({
          rating: p.after.rating,
          rating_deviation: p.after.deviation,
          volatility: p.after.volatility,
          games: trx.raw("games + 1"),
          wins: trx.raw(`wins + ${p.result === "win" ? 1 : 0}`),
          losses: trx.raw(`losses + ${p.result === "loss" ? 1 : 0}`),
          draws: trx.raw(`draws + ${p.result === "draw" ? 1 : 0}`),
          xp,
          level: levelForXp(xp),
          last_match_at: match.endedAt,
          updated_at: trx.fn.now(),
        });
    }
    return { applied: true, participants };
  });
}
