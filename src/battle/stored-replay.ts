import type { Knex } from "knex";
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

const parseJson = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

export async function loadReplay(knex: Knex, matchId: string): Promise<StoredReplay | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(matchId)) return null;
  const history = await knex("match_history").where({ id: matchId }).first();
  if (!history) return null;
  const participants = await knex("match_participants")
    .select("seat", "deck_snapshot", knex.raw("player_id::text as player_id"))
    .where({ match_id: matchId })
    .orderBy("seat");
  const log = parseJson<{ firstSeat: Seat; log: LoggedIntent[]; forfeit: StoredReplay["forfeit"]; finalHash: string }>(history.intent_log);
  return {
    matchId,
    engineVersion: history.engine_version,
    seed: history.seed,
    firstSeat: log.firstSeat,
    players: participants.map((p: Record<string, unknown>) => {
      const snapshot = parseJson<{ deckId: string; cards: string[] }>(p.deck_snapshot);
      return { steamId: String(p.player_id), seat: Number(p.seat) as Seat, deckId: snapshot.deckId, deck: snapshot.cards };
    }),
    intentLog: log.log,
    forfeit: log.forfeit ?? null,
    finalHash: log.finalHash,
    endReason: history.end_reason,
  };
}

/** Re-simulates a stored match with the engine; the final hash must equal the recorded one. */
export function verifyReplay(stored: StoredReplay): { hashMatches: boolean; expected: string; actual: string } {
  let state = replay(stored.seed, stored.players.map((p) => p.deck), stored.intentLog);
  if (stored.forfeit) state = forfeit(state, stored.forfeit.seat, stored.forfeit.reason).state;
  const actual = hash(state);
  return { hashMatches: actual === stored.finalHash, expected: stored.finalHash, actual };
}
