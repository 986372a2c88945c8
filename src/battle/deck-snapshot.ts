import type { Knex } from "knex";
import { deckCardRows } from "../db/decks";

/**
 * The deck a player brings into one match, frozen when the battle room is created so later edits
 * cannot change it. Card ids are sorted: the engine shuffles with the match seed.
 */
export async function snapshotDeck(knex: Knex, steamId: string, deckId: string): Promise<string[] | null> {
  const rows = await deckCardRows(knex, steamId, deckId);
  if (rows.length === 0) return null;
  return rows.flatMap((r) => Array.from({ length: r.count }, () => r.cardId));
}
