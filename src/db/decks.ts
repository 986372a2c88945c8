import { randomUUID } from "node:crypto";
import type { Knex } from "knex";

export const MAX_DECKS_PER_PLAYER = 18;

export interface DeckCard {
  cardId: string;
  count: number;
}

export interface DeckContent {
  name: string;
  cards: DeckCard[];
}

export interface DeckRecord extends DeckContent {
  id: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked before any query: PostgreSQL's uuid cast would turn a malformed id into a 500. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

const DECK_COLUMNS = `d.id::text AS id, d.name, d.is_default, d.created_at, d.updated_at,
  COALESCE((SELECT json_agg(json_build_object('cardId', dc.card_id, 'count', dc.count) ORDER BY dc.card_id COLLATE "C")
            FROM deck_cards dc WHERE dc.deck_id = d.id), '[]'::json) AS cards`;

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

function toDeck(row: Record<string, unknown>): DeckRecord {
  const cards = (typeof row.cards === "string" ? JSON.parse(row.cards) : row.cards) as Array<{
    cardId: string;
    count: unknown;
  }>;
  return {
    id: String(row.id),
    name: String(row.name),
    isDefault: row.is_default === true,
    cards: cards.map((c) => ({ cardId: String(c.cardId), count: Number(c.count) })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export async function listDecks(knex: Knex, steamId: string): Promise<DeckRecord[]> {
  const result = await knex.raw(
    `SELECT ${DECK_COLUMNS} FROM player_decks d WHERE d.player_id = ? ORDER BY d.created_at, d.id`,
    [steamId],
  );
  return (result.rows as Array<Record<string, unknown>>).map(toDeck);
}

/** The player's deck, or null when it does not exist or belongs to someone else (callers answer 404 for both). */
export async function findDeck(knex: Knex, steamId: string, deckId: string): Promise<DeckRecord | null> {
  if (!isUuid(deckId)) return null;
  const result = await knex.raw(`SELECT ${DECK_COLUMNS} FROM player_decks d WHERE d.id = ?::uuid AND d.player_id = ?`, [
    deckId,
    steamId,
  ]);
  const row = (result.rows as Array<Record<string, unknown>>)[0];
  return row ? toDeck(row) : null;
}

/** Serialises one player's deck changes (deck limit, single default) without touching other players. */
async function lockPlayer(trx: Knex.Transaction, steamId: string): Promise<void> {
  await trx.raw("SELECT 1 FROM players WHERE steam_id = ? FOR UPDATE", [steamId]);
}

/** Inserts a deck and its cards; returns the new row's id and timestamps. */
async function insertDeck(
  trx: Knex.Transaction,
  steamId: string,
  content: DeckContent,
  isDefault: boolean,
): Promise<{ id: string; createdAt: unknown; updatedAt: unknown }> {
  // clock_timestamp(), not now(): a deck created after others in the same transaction lists after them.
  const [row] = (await trx("player_decks")
    .insert({
      player_id: steamId,
      name: content.name,
      is_default: isDefault,
      created_at: trx.raw("clock_timestamp()"),
      updated_at: trx.raw("clock_timestamp()"),
    })
    .returning([trx.raw("id::text AS id"), "created_at", "updated_at"])) as Array<Record<string, unknown>>;
  const id = String(row.id);
  await insertDeckCards(trx, id, content.cards);
  return { id, createdAt: row.created_at, updatedAt: row.updated_at };
}

async function insertDeckCards(trx: Knex.Transaction, deckId: string, cards: DeckCard[]): Promise<void> {
  if (cards.length === 0) return;
  await trx("deck_cards").insert(cards.map((c) => ({ deck_id: deckId, card_id: c.cardId, count: c.count })));
}

export type CreateDeckOutcome = { kind: "created"; deck: DeckRecord } | { kind: "limit_reached" };

/** Creates a deck; the player's first deck (or any deck while none is default) becomes the default. */
export async function createDeck(knex: Knex, steamId: string, content: DeckContent): Promise<CreateDeckOutcome> {
  return knex.transaction(async (trx) => {
    // Two statements on purpose: a count in the locking statement would read a snapshot taken before the
    // lock was granted and miss the deck the previous lock holder just committed.
    await lockPlayer(trx, steamId);
    const stats = (
      await trx.raw(
        "SELECT count(*)::int AS n, coalesce(bool_or(is_default), false) AS has_default FROM player_decks WHERE player_id = ?",
        [steamId],
      )
    ).rows[0] as Record<string, unknown>;
    if (Number(stats.n) >= MAX_DECKS_PER_PLAYER) return { kind: "limit_reached" } as const;
    const isDefault = stats.has_default !== true;
    const row = await insertDeck(trx, steamId, content, isDefault);
    const deck: DeckRecord = {
      id: row.id,
      name: content.name,
      isDefault,
      cards: [...content.cards].sort((a, b) => (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0)),
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
    return { kind: "created", deck } as const;
  });
}

export async function replaceDeck(
  knex: Knex,
  steamId: string,
  deckId: string,
  content: DeckContent,
): Promise<DeckRecord | null> {
  if (!isUuid(deckId)) return null;
  return knex.transaction(async (trx) => {
    const updated = await trx("player_decks")
      .where({ id: deckId, player_id: steamId })
      .update({ name: content.name, updated_at: trx.raw("clock_timestamp()") })
      .returning("id");
    if (updated.length === 0) return null;
    await trx("deck_cards").where({ deck_id: deckId }).delete();
    await insertDeckCards(trx, deckId, content.cards);
    return findDeck(trx, steamId, deckId);
  });
}

/** Deletes the deck; if it was the default, the player's oldest remaining deck becomes the default. */
export async function deleteDeck(knex: Knex, steamId: string, deckId: string): Promise<boolean> {
  if (!isUuid(deckId)) return false;
  return knex.transaction(async (trx) => {
    await lockPlayer(trx, steamId);
    const deleted = (await trx("player_decks")
      .where({ id: deckId, player_id: steamId })
      .delete()
      .returning("is_default")) as Array<Record<string, unknown>>;
    if (deleted.length === 0) return false;
    if (deleted[0].is_default === true) {
      await trx.raw(
        `UPDATE player_decks SET is_default = true
          WHERE id = (SELECT id FROM player_decks WHERE player_id = ? ORDER BY created_at, id LIMIT 1)`,
        [steamId],
      );
    }
    return true;
  });
}

export async function setDefaultDeck(knex: Knex, steamId: string, deckId: string): Promise<DeckRecord | null> {
  if (!isUuid(deckId)) return null;
  return knex.transaction(async (trx) => {
    await lockPlayer(trx, steamId);
    const deck = await trx("player_decks").where({ id: deckId, player_id: steamId }).first("id");
    if (!deck) return null;
    // Clear the old default first: the partial unique index allows one default per player at any moment.
    await trx("player_decks")
      .where({ player_id: steamId, is_default: true })
      .whereNot({ id: deckId })
      .update({ is_default: false });
    await trx("player_decks").where({ id: deckId }).update({ is_default: true });
    return findDeck(trx, steamId, deckId);
  });
}

/** A new player's decks, the first one default, in one statement (registration runs it for every new player). */
export async function insertStarterDecks(trx: Knex.Transaction, steamId: string, decks: DeckContent[]): Promise<void> {
  if (decks.length === 0) return;
  const ids = decks.map(() => randomUUID());
  const cards = decks.flatMap((deck, i) => deck.cards.map((card) => ({ deckId: ids[i], ...card })));
  // created_at steps by a microsecond per deck so the decks list in the order given, as separate inserts would.
  await trx.raw(
    `WITH decks AS (
       INSERT INTO player_decks (id, player_id, name, is_default, created_at, updated_at)
       SELECT id, ?, name, n = 1, at, at
       FROM unnest(?::uuid[], ?::text[]) WITH ORDINALITY AS d(id, name, n),
            LATERAL (SELECT clock_timestamp() + (n - 1) * interval '1 microsecond' AS at) t
     )
     INSERT INTO deck_cards (deck_id, card_id, count) SELECT * FROM unnest(?::uuid[], ?::text[], ?::int[])`,
    [
      steamId,
      ids,
      decks.map((d) => d.name),
      cards.map((c) => c.deckId),
      cards.map((c) => c.cardId),
      cards.map((c) => c.count),
    ],
  );
}

/** `["a", "a", "b"]` → `[{ cardId: "a", count: 2 }, { cardId: "b", count: 1 }]`. */
export function countCards(cardIds: string[]): DeckCard[] {
  const counts = new Map<string, number>();
  for (const id of cardIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].map(([cardId, count]) => ({ cardId, count }));
}

/** One row per card of a player's deck, card ids ascending; empty when the deck is not theirs (or missing). */
export async function deckCardRows(
  knex: Knex,
  steamId: string,
  deckId: string,
): Promise<Array<{ cardId: string; count: number }>> {
  if (!isUuid(deckId)) return [];
  const rows: Array<{ card_id: string; count: number | string }> = await knex("deck_cards as dc")
    .join("player_decks as d", "d.id", "dc.deck_id")
    .where({ "d.id": deckId, "d.player_id": steamId })
    .select("dc.card_id", "dc.count")
    .orderBy("dc.card_id");
  return rows.map((r) => ({ cardId: r.card_id, count: Number(r.count) }));
}

/** A player's deck (`deckId`, or their default deck when undefined) with its card total; null when there is none. */
export async function deckCardTotal(
  knex: Knex,
  steamId: string,
  deckId: string | undefined,
): Promise<{ id: string; cards: number } | null> {
  const query = knex("player_decks as d")
    .leftJoin("deck_cards as dc", "dc.deck_id", "d.id")
    .where("d.player_id", steamId)
    .groupBy("d.id")
    .select("d.id", knex.raw("coalesce(sum(dc.count), 0)::int as cards"))
    .first();
  if (deckId !== undefined) query.andWhere("d.id", deckId.toLowerCase());
  else query.andWhere("d.is_default", true);
  const row = (await query) as { id: string; cards: number | string } | undefined;
  return row ? { id: String(row.id), cards: Number(row.cards) } : null;
}
