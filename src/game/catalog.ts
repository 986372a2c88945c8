// Loads CARD_LIST once: fills defaults, computes keyword masks and target requirements, and validates.
import type { CardDefinition, ClientCard, LoadedCard } from "./types";
import type { Effect, Selector, TargetSpec } from "./effects";
import { CARD_LIST } from "./card-list";
import { keywordMask, KW } from "./keywords";
import { TX_AURA, TX_DEATHRATTLE, TX_EVENT } from "./text-mask";

const TARGET_SPECS: TargetSpec[] = [
  "any-character",
  "enemy-character",
  "friendly-character",
  "any-minion",
  "enemy-minion",
  "friendly-minion",
];

/** Every selector (`to`) and card reference (`card`) in an effect tree, whatever its op: a new op needs no entry here. */
function collectSelectors(e: Effect | undefined, out: Selector[], cards: string[]): void {
  if (!e) return;
  if ("to" in e) out.push(e.to);
  if ("card" in e) cards.push(e.card);
  if ("effect" in e) collectSelectors(e.effect, out, cards);
  if ("effects" in e) for (const x of e.effects) collectSelectors(x, out, cards);
}

export function loadCatalog(list: CardDefinition[]): Record<string, LoadedCard> {
  const errors: string[] = [];
  const byId: Record<string, LoadedCard> = Object.create(null);
  for (const def of list) {
    if (!/^[a-z][a-z0-9_]*$/.test(def.id)) errors.push(`${def.id}: id must be snake_case`);
    if (byId[def.id]) errors.push(`${def.id}: duplicate id`);
    if (!Number.isInteger(def.cost) || def.cost < 0 || def.cost > 10) errors.push(`${def.id}: cost must be 0..10`);
    if (def.type === "minion") {
      if (!Number.isInteger(def.attack) || def.attack! < 0) errors.push(`${def.id}: minion needs attack >= 0`);
      if (!Number.isInteger(def.health) || def.health! < 1) errors.push(`${def.id}: minion needs health >= 1`);
      if (def.effect) errors.push(`${def.id}: minions use battlecry, not effect`);
    } else if (def.type === "spell") {
      if (!def.effect) errors.push(`${def.id}: spell without effect`);
      if (def.battlecry || def.deathrattle || def.aura || def.triggers || def.keywords)
        errors.push(`${def.id}: spell with minion text`);
    } else errors.push(`${def.id}: bad type`);
    for (const k of def.keywords ?? []) if (!(k in KW)) errors.push(`${def.id}: unknown keyword ${k}`);

    const selectors: Selector[] = [];
    const refs: string[] = [];
    for (const e of [def.effect, def.battlecry, def.deathrattle, ...(def.triggers ?? []).map((t) => t.effect)])
      collectSelectors(e, selectors, refs);
    const specs = new Set<TargetSpec>();
    for (const s of selectors) if (typeof s === "object" && "target" in s) specs.add(s.target);
    if (def.target) specs.add(def.target);
    if (specs.size > 1) errors.push(`${def.id}: more than one target requirement`);
    for (const s of specs) if (!TARGET_SPECS.includes(s)) errors.push(`${def.id}: unknown target spec ${s}`);
    const usesChosen = selectors.includes("chosen");
    if (usesChosen && specs.size === 0) errors.push(`${def.id}: 'chosen' without a target`);
    const inDeathOrTrigger: Selector[] = [];
    for (const e of [def.deathrattle, ...(def.triggers ?? []).map((t) => t.effect)])
      collectSelectors(e, inDeathOrTrigger, []);
    if (inDeathOrTrigger.some((s) => s === "chosen" || (typeof s === "object" && "target" in s))) {
      errors.push(`${def.id}: deathrattles and triggers cannot have a chosen target`);
    }
    byId[def.id] = {
      ...def,
      collectible: def.collectible ?? true,
      attack: def.attack ?? 0,
      health: def.health ?? 0,
      kwMask: keywordMask(def.keywords),
      txMask:
        (def.aura ? TX_AURA : 0) |
        (def.deathrattle ? TX_DEATHRATTLE : 0) |
        (def.triggers ?? []).reduce((m, t) => m | (TX_EVENT[t.on] ?? 0), 0),
      targetSpec: specs.size ? [...specs][0] : null,
    };
    (byId[def.id] as LoadedCard & { refs: string[] }).refs = refs;
  }
  for (const c of Object.values(byId)) {
    for (const r of (c as LoadedCard & { refs: string[] }).refs)
      if (!byId[r]) errors.push(`${c.id}: references unknown card ${r}`);
    delete (c as Partial<LoadedCard & { refs: string[] }>).refs;
  }
  if (errors.length) throw new Error("Invalid card catalog:\n" + errors.join("\n"));
  return byId;
}

export const CARDS: Record<string, LoadedCard> = loadCatalog(CARD_LIST);

export function getCard(id: string): LoadedCard | undefined {
  return typeof id === "string" ? CARDS[id] : undefined;
}

export function catalogForClients(): ClientCard[] {
  return CARD_LIST.map((d) => {
    const c = CARDS[d.id];
    return {
      id: c.id,
      name: c.name,
      cost: c.cost,
      type: c.type,
      attack: c.type === "minion" ? c.attack : null,
      health: c.type === "minion" ? c.health : null,
      rarity: c.rarity,
      text: c.text,
      collectible: c.collectible,
    };
  });
}
