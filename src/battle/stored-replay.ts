import type { Knex } from "knex";
import { findReplayRecord } from "../db/match-history-read";
import { forfeit, hash, replay, type Seat } from "../game";
import type { LoggedIntent } from "./finished-match";

export interface StoredReplay {
  matchId: string;
  engineVersion: string;
  seed: string;
  firstSeat: Seat;
  players: Array<{ steamId: string; seat: Seat; deckId: string; deck: string[] }>;
  intentLog: LoggedIntent[];
  forfeit: { seat: Seat; reason: string } | null;
  finalHash: string;
  endReason: string;
}

export async function loadReplay(knex: Knex, matchId: string): Promise<StoredReplay | null> {
  const record = await findReplayRecord(knex, matchId);
  if (!record) return null;
  const log = record.intentLog as {
    firstSeat: Seat;
    log: LoggedIntent[];
    forfeit: StoredReplay["forfeit"];
    finalHash: string;
  };
  return {
    matchId,
    engineVersion: record.engineVersion,
    seed: record.seed,
    firstSeat: log.firstSeat,
    players: record.participants.map((p) => {
      const snapshot = p.deckSnapshot as { deckId: string; cards: string[] };
      return { steamId: p.steamId, seat: p.seat as Seat, deckId: snapshot.deckId, deck: snapshot.cards };
    }),
    intentLog: log.log,
    forfeit: log.forfeit ?? null,
    finalHash: log.finalHash,
    endReason: record.endReason,
  };
}

/** Re-simulates a stored match with the engine; the final hash must equal the recorded one. */
export function verifyReplay(stored: StoredReplay): { hashMatches: boolean; expected: string; actual: string } {
  let state = replay(
    stored.seed,
    stored.players.map((p) => p.deck),
    stored.intentLog,
  );
  if (stored.forfeit) state = forfeit(state, stored.forfeit.seat, stored.forfeit.reason).state;
  const actual = hash(state);
  return { hashMatches: actual === stored.finalHash, expected: stored.finalHash, actual };
}
