import { createHash } from "node:crypto";
import type { Knex } from "knex";
import { catalogForClients } from "../game";

export type CatalogCard = ReturnType<typeof catalogForClients>[number];

/** A short hash of every field a client sees, so any change to a card changes its version. */
export function cardVersion(card: CatalogCard): string {
  const fields = [
    card.id,
    card.name,
    card.cost,
    card.type,
    card.attack,
    card.health,
    card.rarity,
    card.text,
    card.collectible,
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 16);
}

/**
 * Upserts the engine's catalog into `cards` (collections and decks reference it). Rows whose version
 * did not change are left alone; cards that left the catalog stay, because old decks and matches point at them.
 * Safe to run from several processes at once.
 */
export async function syncCardCatalog(knex: Knex, cards: CatalogCard[] = catalogForClients()): Promise<void> {
  if (cards.length === 0) return;
  const rows = cards.map((c) => ({
    id: c.id,
    name: c.name,
    cost: c.cost,
    type: c.type,
    attack: c.attack,
    health: c.health,
    rarity: c.rarity,
    text: c.text,
    collectible: c.collectible,
    version: cardVersion(c),
  }));
  const updated = ["name", "cost", "type", "attack", "health", "rarity", "text", "collectible", "version"];
  await knex("cards")
    .insert(rows)
    .onConflict("id")
    .merge({
      ...Object.fromEntries(updated.map((col) => [col, knex.ref(`excluded.${col}`)])),
      updated_at: knex.fn.now(),
    })
    .where(knex.raw("cards.version IS DISTINCT FROM excluded.version"));
}
