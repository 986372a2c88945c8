import type { Knex } from "knex";

export const QUEUE_DECK_SIZE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type DeckCheck = { ok: true; deckId: string } | { ok: false; code: "invalid_deck" | "no_deck"; message: string };

/**
 * The deck a player queues with: `deckId` if it is theirs and has exactly 30 cards, else the default deck.
 * Never throws on user input (a malformed id is an `invalid_deck` answer, not a query).
 */
export async function resolveQueueDeck(knex: Knex, steamId: string, deckId: string | undefined): Promise<DeckCheck> {
  if (deckId !== undefined && !UUID.test(deckId)) return { ok: false, code: "invalid_deck", message: "deckId must be a deck id (uuid)" };
  const query = knex("player_decks as d")
    .leftJoin("deck_cards as dc", "dc.deck_id", "d.id")
    .where("d.player_id", steamId)
    .groupBy("d.id")
    .select("d.id", knex.raw("coalesce(sum(dc.count), 0)::int as cards"))
    .first();
  if (deckId !== undefined) query.andWhere("d.id", deckId.toLowerCase());
  else query.andWhere("d.is_default", true);
  const row = (await query) as { id: string; cards: number | string } | undefined;
  if (!row) {
    return deckId !== undefined
      ? { ok: false, code: "invalid_deck", message: "no such deck" }
      : { ok: false, code: "no_deck", message: "you have no default deck; pass deckId" };
  }
  if (Number(row.cards) !== QUEUE_DECK_SIZE) {
    return { ok: false, code: "invalid_deck", message: `a ranked deck needs exactly ${QUEUE_DECK_SIZE} cards (has ${row.cards})` };
  }
  return { ok: true, deckId: String(row.id) };
}
