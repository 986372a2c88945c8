import type { Knex } from "knex";
import { deckCardTotal, isUuid } from "../db/decks";

export const QUEUE_DECK_SIZE = 30;

export type DeckCheck = { ok: true; deckId: string } | { ok: false; code: "invalid_deck" | "no_deck"; message: string };

/**
 * The deck a player queues with: `deckId` if it is theirs and has exactly 30 cards, else the default deck.
 * Never throws on user input (a malformed id is an `invalid_deck` answer, not a query).
 */
export async function resolveQueueDeck(knex: Knex, steamId: string, deckId: string | undefined): Promise<DeckCheck> {
  if (deckId !== undefined && !isUuid(deckId))
    return { ok: false, code: "invalid_deck", message: "deckId must be a deck id (uuid)" };
  const row = await deckCardTotal(knex, steamId, deckId);
  if (!row) {
    return deckId !== undefined
      ? { ok: false, code: "invalid_deck", message: "no such deck" }
      : { ok: false, code: "no_deck", message: "you have no default deck; pass deckId" };
  }
  if (Number(row.cards) !== QUEUE_DECK_SIZE) {
    return {
      ok: false,
      code: "invalid_deck",
      message: `a ranked deck needs exactly ${QUEUE_DECK_SIZE} cards (has ${row.cards})`,
    };
  }
  return { ok: true, deckId: row.id };
}
