import type { Knex } from "knex";

export interface OwnedCard {
  cardId: string;
  count: number;
}

/** Adds cards to a player's collection (counts add up if the player already owns some). */
export async function grantCards(knex: Knex, steamId: string, counts: Record<string, number>): Promise<void> {
  const granted = Object.entries(counts).filter(([, count]) => count > 0);
  if (granted.length === 0) return;
  // Arrays, not a VALUES row per card: the statement text stays the same whatever the number of cards.
  await knex.raw(
    `INSERT INTO player_card_collection (player_id, card_id, count)
     SELECT ?, card_id, count FROM unnest(?::text[], ?::int[]) AS granted(card_id, count)
     ON CONFLICT (player_id, card_id) DO UPDATE SET count = player_card_collection.count + excluded.count`,
    [steamId, granted.map(([cardId]) => cardId), granted.map(([, count]) => count)],
  );
}

export async function listCollection(knex: Knex, steamId: string): Promise<OwnedCard[]> {
  const rows = await knex("player_card_collection")
    .select("card_id", "count")
    .where({ player_id: steamId })
    .orderByRaw(`card_id COLLATE "C"`);
  return rows.map((r: Record<string, unknown>) => ({ cardId: String(r.card_id), count: Number(r.count) }));
}

/** How many copies of each of `cardIds` the player owns (absent → 0). */
export async function ownedCounts(knex: Knex, steamId: string, cardIds: string[]): Promise<Map<string, number>> {
  const owned = new Map<string, number>();
  if (cardIds.length === 0) return owned;
  const rows = await knex("player_card_collection")
    .select("card_id", "count")
    .where({ player_id: steamId })
    .whereIn("card_id", cardIds);
  for (const r of rows as Array<Record<string, unknown>>) owned.set(String(r.card_id), Number(r.count));
  return owned;
}
