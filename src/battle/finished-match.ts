import type { Intent, Seat } from "../game";
import type { PlayMode } from "./play-mode";

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
  /** How the match counts; absent (a result parked before modes existed) means ranked. */
  mode?: PlayMode;
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
