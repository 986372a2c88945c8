import type { Knex } from "knex";
import { catalogForClients, validateDeck } from "../game";
import { ownedCounts } from "../db/collections";
import type { DeckCard } from "../db/decks";
import type { FieldError } from "../http/validation";
import type { DeckBody } from "./schemas";

export const DECK_SIZE = 30;
const MAX_COPIES = 2;
const MAX_LEGENDARY_COPIES = 1;

let cardsById: Map<string, { rarity: string; collectible: boolean }> | null = null;
function catalogIndex(): Map<string, { rarity: string; collectible: boolean }> {
  cardsById ??= new Map(catalogForClients().map((c) => [c.id, c]));
  return cardsById;
}

/**
 * Every reason the deck cannot be saved, each pointing at the offending field (`cards.3.count`), so a
 * deck builder can mark it. Empty when the deck is legal and the player owns every copy.
 */
export async function deckProblems(knex: Knex, steamId: string, deck: DeckBody): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const catalog = catalogIndex();
  const seen = new Set<string>();
  deck.cards.forEach((entry, i) => {
    const card = catalog.get(entry.cardId);
    if (seen.has(entry.cardId)) {
      problems.push({ path: `cards.${i}.cardId`, message: `${entry.cardId} is listed more than once; use count` });
    } else if (!card || !card.collectible) {
      problems.push({ path: `cards.${i}.cardId`, message: `unknown card ${entry.cardId}` });
    } else if (card.rarity === "legendary" && entry.count > MAX_LEGENDARY_COPIES) {
      problems.push({ path: `cards.${i}.count`, message: `at most ${MAX_LEGENDARY_COPIES} copy of a legendary card` });
    } else if (entry.count > MAX_COPIES) {
      problems.push({ path: `cards.${i}.count`, message: `at most ${MAX_COPIES} copies of a card` });
    }
    seen.add(entry.cardId);
  });
  const total = deck.cards.reduce((sum, entry) => sum + entry.count, 0);
  if (total !== DECK_SIZE)
    problems.push({ path: "cards", message: `a deck has exactly ${DECK_SIZE} cards (this one has ${total})` });

  const known = deck.cards.filter((entry) => catalog.has(entry.cardId)).map((entry) => entry.cardId);
  const owned = await ownedCounts(knex, steamId, [...new Set(known)]);
  deck.cards.forEach((entry, i) => {
    if (!catalog.has(entry.cardId)) return;
    const have = owned.get(entry.cardId) ?? 0;
    if (have < entry.count) {
      problems.push({
        path: `cards.${i}.count`,
        message: `you own ${have} ${have === 1 ? "copy" : "copies"} of ${entry.cardId}`,
      });
    }
  });

  // The rules engine has the last word, in case its deck rules grow beyond the ones above.
  if (problems.length === 0) {
    const verdict = validateDeck(expand(deck.cards));
    if (!verdict.ok) for (const e of verdict.errors) problems.push({ path: "cards", message: e.message });
  }
  return problems;
}

function expand(cards: DeckCard[]): string[] {
  return cards.flatMap((entry) => Array<string>(entry.count).fill(entry.cardId));
}
