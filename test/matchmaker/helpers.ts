import type { Knex } from "knex";
import { CARDS } from "../../src/game/catalog";
import { STARTER_DECKS } from "../../src/game/decks";

let counter = 0;
/** Distinct valid SteamID64s per test process. */
export function nextSteamId(): string {
  return String(76561198000000000n + BigInt(process.pid % 5000) * 100000n + BigInt(++counter));
}

export { freePort } from "../helpers/game-server";

export { sleep, waitFor } from "../helpers/wait";

const deckCards = STARTER_DECKS[0].cards;

/** The cards rows a starter deck needs (deck_cards references cards). */
export async function ensureCards(knex: Knex): Promise<void> {
  const ids = [...new Set(deckCards)];
  const rows = ids.map((id) => {
    const c = CARDS[id];
    return {
      id,
      name: c.name,
      cost: c.cost,
      type: c.type,
      attack: c.attack ?? null,
      health: c.health ?? null,
      rarity: c.rarity,
      text: c.text,
    };
  });
  await knex("cards").insert(rows).onConflict("id").ignore();
}

export interface SeedOptions {
  rating?: number;
  deviation?: number;
  /** Number of cards in the default deck (30 = valid); 0 = no deck at all. */
  cards?: number;
  isDefault?: boolean;
}

/** A player with a profile and (by default) a valid 30-card default deck; returns the deck id or null. */
export async function seedPlayer(knex: Knex, steamId: string, o: SeedOptions = {}): Promise<string | null> {
  await knex("players")
    .insert({ steam_id: steamId, persona_name: `P${steamId.slice(-5)}` })
    .onConflict("steam_id")
    .ignore();
  await knex("player_profiles")
    .insert({ player_id: steamId, rating: o.rating ?? 1500, rating_deviation: o.deviation ?? 80 })
    .onConflict("player_id")
    .merge();
  const cards = o.cards ?? 30;
  if (cards === 0) return null;
  await ensureCards(knex);
  // Registration may have given the player starter decks already; ours becomes the default.
  if (o.isDefault ?? true)
    await knex("player_decks").where({ player_id: steamId, is_default: true }).update({ is_default: false });
  const [deck] = await knex("player_decks")
    .insert({ player_id: steamId, name: "Test", is_default: o.isDefault ?? true })
    .returning("id");
  const deckId = String((deck as { id: string }).id ?? deck);
  const counts = new Map<string, number>();
  for (const id of deckCards.slice(0, cards)) counts.set(id, (counts.get(id) ?? 0) + 1);
  await knex("deck_cards").insert([...counts].map(([card_id, count]) => ({ deck_id: deckId, card_id, count })));
  return deckId;
}
