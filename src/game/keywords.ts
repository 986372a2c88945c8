import type { Keyword } from './types';

// Keywords are a bitmask on the minion so cloning stays cheap.
export const KW: Record<Keyword, number> = {
  taunt: 1, charge: 2, rush: 4, divine_shield: 8, lifesteal: 16, poisonous: 32, stealth: 64, windfury: 128,
};
export const KEYWORDS = Object.keys(KW) as Keyword[];

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
