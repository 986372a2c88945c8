import { randomUUID } from "node:crypto";
import type { FinishedMatch } from "../../src/battle/finished-match";

/** A finished match between two players, with an empty intent log (for result-recording tests). */
export function finishedMatch(
  a: string,
  b: string,
  winnerSeat: 0 | 1 | null,
  matchId: string = randomUUID(),
): FinishedMatch {
  return {
    matchId,
    startedAt: new Date(Date.now() - 600_000).toISOString(),
    endedAt: new Date().toISOString(),
    endReason: winnerSeat === null ? "draw" : "hero_destroyed",
    winnerSeat,
    engineVersion: "test",
    seed: "s",
    firstSeat: 0,
    intentLog: [],
    forfeit: null,
    seats: [
      { steamId: a, deckId: randomUUID(), deck: [] },
      { steamId: b, deckId: randomUUID(), deck: [] },
    ],
    finalHash: "h",
  };
}
