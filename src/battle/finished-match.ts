import type { Intent, Seat } from "../game";

export interface LoggedIntent {
  seat: Seat;
  intent: Intent;
}

export interface MatchSeat {
  steamId: string;
  deckId: string;
  deck: string[];
}

/** Everything needed to record a finished match durably and to replay it. Plain JSON (goes to the outbox). */
export interface FinishedMatch {
  matchId: string;
  startedAt: string;
  endedAt: string;
  endReason: string;
  winnerSeat: Seat | null;
  engineVersion: string;
  seed: string;
  firstSeat: Seat;
  intentLog: LoggedIntent[];
  /** A server-decided end (AFK, disconnect, concede out of turn) that is not an engine intent. */
  forfeit: { seat: Seat; reason: string } | null;
  seats: [MatchSeat, MatchSeat];
  /** hash() of the final engine state; a replay must reach the same value. */
  finalHash: string;
}
