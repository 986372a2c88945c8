import type { Knex } from "knex";
import { recordMatchResult, type MatchSettlement, type ProfileBefore, type RecordedResult } from "../db/match-results";
import { nextLadderPoints, rankOf, seasonStartLadderPoints } from "../ranked/ladder";
import type { FinishedMatch } from "./finished-match";
import { rateGame } from "./glicko-rating";
import type { ParticipantRank, ParticipantResult } from "./participant-result";
import { isRated } from "./play-mode";
import { levelForXp, XP_FOR, type MatchOutcome } from "./progression";

function outcomeFor(seat: 0 | 1, winnerSeat: 0 | 1 | null): MatchOutcome {
  if (winnerSeat === null) return "draw";
  return winnerSeat === seat ? "win" : "loss";
}

/**
 * Glicko-2, XP, level and ladder points for one finished match, from both profiles as they were before it.
 * Rank changes only here, beside the rating: a match that changes no rating changes no rank. The one place
 * where the play mode counts: a casual or challenge match keeps both ratings (after = before) and both ranks,
 * and earns XP as ranked does.
 */
export function settleMatch(match: FinishedMatch, before: [ProfileBefore, ProfileBefore]): MatchSettlement {
  const scoreSeat0 = match.winnerSeat === null ? 0.5 : match.winnerSeat === 0 ? 1 : 0;
  const ratingOf = (p: ProfileBefore) => ({ rating: p.rating, deviation: p.deviation, volatility: p.volatility });
  const rated = isRated(match.mode);
  const after = rated
    ? rateGame(ratingOf(before[0]), ratingOf(before[1]), scoreSeat0)
    : [ratingOf(before[0]), ratingOf(before[1])];
  const ladder: MatchSettlement["ladder"] = [];
  const participants = ([0, 1] as const).map((seat): ParticipantResult => {
    const result = outcomeFor(seat, match.winnerSeat);
    const steamId = match.seats[seat].steamId;
    const xpGained = XP_FOR[result];
    let rank: ParticipantRank | null = null;
    const state = rated ? before[seat].ladder : null;
    if (state) {
      const from = state.points ?? seasonStartLadderPoints(state.previousPoints);
      // The pull uses displayed MMR (rating − 2·RD) after this game's rating update.
      const to = nextLadderPoints(from, result, after[seat].rating - 2 * after[seat].deviation);
      ladder.push({ steamId, season: state.season, points: to, result });
      rank = { season: state.season, before: rankOf(from), after: rankOf(to) };
    }
    return {
      steamId,
      seat,
      result,
      before: ratingOf(before[seat]),
      after: after[seat],
      xpGained,
      levelBefore: levelForXp(before[seat].xp),
      levelAfter: levelForXp(before[seat].xp + xpGained),
      rank,
    };
  }) as [ParticipantResult, ParticipantResult];
  const progressOf = (seat: 0 | 1) => {
    const xp = before[seat].xp + participants[seat].xpGained;
    return { xp, level: levelForXp(xp) };
  };
  return { participants, progress: [progressOf(0), progressOf(1)], ladder };
}

/** Stores a finished match with its rating, XP and rank changes (idempotent on the match id). */
export function recordRatedMatch(knex: Knex, match: FinishedMatch): Promise<RecordedResult> {
  return recordMatchResult(knex, match, (before) => settleMatch(match, before));
}
