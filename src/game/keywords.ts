// Every keyword, defined once: its name (the wire value), its label (card text, client display) and its bit.
// A keyword's rules live where they act (combat.ts, targeting.ts, turns.ts, ...); this file only names it.

/** Append only: a keyword's bit is its position here, and state hashes (replays) depend on the bits. */
const KEYWORD_LABELS = {
  taunt: "Taunt",
  charge: "Charge",
  rush: "Rush",
  divine_shield: "Divine Shield",
  lifesteal: "Lifesteal",
  poisonous: "Poisonous",
  stealth: "Stealth",
  windfury: "Windfury",
} as const;

export type Keyword = keyof typeof KEYWORD_LABELS;

export const KEYWORDS = Object.keys(KEYWORD_LABELS) as Keyword[];

// Keywords are a bitmask on the minion so cloning stays cheap.
export const KW = Object.fromEntries(KEYWORDS.map((k, i) => [k, 1 << i])) as Record<Keyword, number>;

/** How a keyword reads on a card or in a client ("divine_shield" → "Divine Shield"); unknown names as given. */
export function keywordLabel(k: string): string {
  return (KEYWORD_LABELS as Record<string, string>)[k] ?? k;
}

export function keywordMask(list: readonly Keyword[] | undefined): number {
  let m = 0;
  if (list) for (const k of list) m |= KW[k];
  return m;
}

export function keywordList(mask: number): Keyword[] {
  const out: Keyword[] = [];
  for (const k of KEYWORDS) if (mask & KW[k]) out.push(k);
  return out;
}
