// Hot-path card facts in one monomorphic shape. Catalog entries (LoadedCard) come in many shapes,
// so reading their fields in a loop is a megamorphic load; this reads them once per card definition.
import type { LoadedCard, TargetSpec } from "./types";
import { CARDS } from "./catalog";

export interface CardInfo {
  /** the catalog entry these facts were read from */
  def: LoadedCard;
  cost: number;
  minion: boolean;
  targetSpec: TargetSpec | null;
}

const cache: Record<string, CardInfo | undefined> = Object.create(null);

/**
 * Facts for CARDS[card]. CARDS is mutable (tests add and delete cards), so an entry is only reused
 * while it was read from the very same definition object. Throws like CARDS[card].cost for unknown ids.
 */
export function cardInfo(card: string): CardInfo {
  const info = cache[card];
  const def = CARDS[card];
  if (info !== undefined && info.def === def) return info;
  return refresh(card, def);
}

function refresh(card: string, def: LoadedCard): CardInfo {
  const info: CardInfo = { def, cost: def.cost, minion: def.type === "minion", targetSpec: def.targetSpec };
  cache[card] = info;
  return info;
}
