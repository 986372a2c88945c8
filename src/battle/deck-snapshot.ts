import type { Knex } from "knex";

/**
 * The deck a player brings into one match, frozen when the battle room is created so later edits
 * cannot change it. Card ids are sorted: the engine shuffles with the match seed.
 */
export async function snapshotDeck(knex: Knex, steamId: string, deckId: string): Promise<string[] | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(deckId)) return null;
  const rows: Array<{ card_id: string; count: number | string }> = await knex("deck_cards as dc")
    .join("player_decks as d", "d.id", "dc.deck_id")
    .where({ "d.id": deckId, "d.player_id": steamId })
    .select("dc.card_id", "dc.count")
    .orderBy("dc.card_id");
  if (rows.length === 0) return null;
  return rows.flatMap((r) => Array.from({ length: Number(r.count) }, () => r.card_id));
}
