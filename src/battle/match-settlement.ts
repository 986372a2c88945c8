import type { Knex } from "knex";
import { recordMatchResult, type MatchSettlement, type ParticipantOutcome, type ProfileBefore, type RecordedResult } from "../db/match-results";
import type { FinishedMatch } from "./finished-match";
import { rateGame } from "./glicko-rating";
import { isRated } from "./play-mode";
import { levelForXp, XP_FOR, type MatchOutcome } from "./progression";

function outcomeFor(seat: 0 | 1, winnerSeat: 0 | 1 | null): MatchOutcome {
  if (winnerSeat === null) return "draw";
  return winnerSeat === seat ? "win" : "loss";
}

/**
 * Glicko-2 and XP for one finished match, from both profiles as they were before it. The one place where the
 * play mode counts: a casual or challenge match keeps both ratings (after = before) and earns XP as ranked does.
 */
export function settleMatch(match: FinishedMatch, before: [ProfileBefore, ProfileBefore]): MatchSettlement {
  const scoreSeat0 = match.winnerSeat === null ? 0.5 : match.winnerSeat === 0 ? 1 : 0;
  const ratingOf = (p: ProfileBefore) => ({ rating: p.rating, deviation: p.deviation, volatility: p.volatility });
  const after = isRated(match.mode)
    ? rateGame(ratingOf(before[0]), ratingOf(before[1]), scoreSeat0)
    : [ratingOf(before[0]), ratingOf(before[1])];
  const participants = ([0, 1] as const).map((seat): ParticipantOutcome => {
    const result = outcomeFor(seat, match.winnerSeat);
    return { steamId: match.seats[seat].steamId, seat, result, before: ratingOf(before[seat]), after: after[seat], xpGained: XP_FOR[result] };
  }) as [ParticipantOutcome, ParticipantOutcome];
  const progressOf = (seat: 0 | 1) => {
    const xp = before[seat].xp + participants[seat].xpGained;
    return { xp, level: levelForXp(xp) };
  };
  return { participants, progress: [progressOf(0), progressOf(1)] };
}

/** Stores a finished match with its rating and XP changes (idempotent on the match id). */
export function recordRatedMatch(knex: Knex, match: FinishedMatch): Promise<RecordedResult> {
  return recordMatchResult(knex, match, (before) => settleMatch(match, before));
}
