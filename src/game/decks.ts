// Deck building rules and the starter content.
import { CARDS } from "./catalog";
import { DECK_SIZE, MAX_COPIES, MAX_LEGENDARY_COPIES } from "./constants";

export type DeckValidation = { ok: true } | { ok: false; errors: { path: string; message: string }[] };

export function validateDeck(cardIds: unknown): DeckValidation {
  const errors: { path: string; message: string }[] = [];
  if (!Array.isArray(cardIds))
    return { ok: false, errors: [{ path: "", message: "deck must be an array of card ids" }] };
  if (cardIds.length !== DECK_SIZE)
    errors.push({ path: "", message: `deck must have exactly ${DECK_SIZE} cards (has ${cardIds.length})` });
  const counts = new Map<string, number>();
  cardIds.forEach((id, i) => {
    if (typeof id !== "string") {
      errors.push({ path: `[${i}]`, message: "card id must be a string" });
      return;
    }
    const def = CARDS[id];
    if (!def) {
      errors.push({ path: `[${i}]`, message: `unknown card ${id}` });
      return;
    }
    if (!def.collectible) {
      errors.push({ path: `[${i}]`, message: `${id} is not collectible` });
      return;
    }
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    const max = def.rarity === "legendary" ? MAX_LEGENDARY_COPIES : MAX_COPIES;
    if (n === max + 1)
      errors.push({ path: `[${i}]`, message: `at most ${max} ${max === 1 ? "copy" : "copies"} of ${id}` });
  });
  return errors.length ? { ok: false, errors } : { ok: true };
}

const twice = (...ids: string[]): string[] => ids.flatMap((id) => [id, id]);

export interface StarterDeck {
  id: string;
  name: string;
  cards: string[];
}

export const STARTER_DECKS: StarterDeck[] = [
  {
    id: "ember_vanguard",
    name: "Ember Vanguard",
    cards: [
      ...twice(
        "dashing_courier",
        "slingshot_urchin",
        "shieldbearer_novice",
        "bramble_wolf",
        "hollow_shade",
        "crimson_leech",
        "storm_harpy",
        "banner_bearer",
        "ember_lance",
        "war_herald",
        "night_prowler",
        "cliff_ogre",
        "skyreach_lancer",
        "scatter_shot",
      ),
      "ember_warchief",
      "archmage_solenne",
    ],
  },
  {
    id: "tidal_wardens",
    name: "Tidal Wardens",
    cards: [
      ...twice(
        "hedge_squire",
        "frost_nip",
        "wisp_mother",
        "hushing_friar",
        "ironbark_guard",
        "field_medic",
        "winter_breath",
        "stonehide_brute",
        "wildfire_sweep",
        "shadow_verdict",
        "sun_warden",
        "tide_caller",
        "colossus_of_tides",
        "scholarly_insight",
      ),
      "queen_vesperine",
      "deepcoil_leviathan",
    ],
  },
];

/** A new account's collection: two of every collectible common and rare, one of everything else. */
export const STARTER_COLLECTION: Record<string, number> = (() => {
  const out: Record<string, number> = {};
  for (const c of Object.values(CARDS)) {
    if (!c.collectible) continue;
    out[c.id] = c.rarity === "legendary" ? 1 : c.rarity === "epic" ? 1 : 2;
  }
  for (const deck of STARTER_DECKS) {
    const counts: Record<string, number> = {};
    for (const id of deck.cards) counts[id] = (counts[id] ?? 0) + 1;
    for (const [id, n] of Object.entries(counts)) out[id] = Math.max(out[id] ?? 0, n);
  }
  return out;
})();
