// The effect vocabulary cards are written in. Everything here is plain data except `custom`,
// the escape hatch for a card that the vocabulary cannot express.
import type { Keyword, Side } from "./types";
import type { EffectApi } from "./effect-api";

/** What a player chooses when playing a card. */
export type TargetSpec =
  | "any-character"
  | "enemy-character"
  | "friendly-character"
  | "any-minion"
  | "enemy-minion"
  | "friendly-minion";

/** Fixed groups, resolved relative to the effect's owner ("friendly") and source minion ("self"). */
export type Group =
  | "self"
  | "friendly-hero"
  | "enemy-hero"
  | "friendly-minions"
  | "enemy-minions"
  | "other-friendly-minions"
  | "all-minions"
  | "other-minions"
  | "friendly-characters"
  | "enemy-characters"
  | "all-characters"
  | "adjacent"
  /** the minion an event trigger is about (the one that died / was summoned / was damaged) */
  | "event-minion"
  /** the target chosen on play (requires a `target(...)` elsewhere in the same card) */
  | "chosen";

export type Selector = Group | { target: TargetSpec } | { random: Group; count: number };

export type Effect =
  | { op: "damage"; amount: number; to: Selector }
  | { op: "heal"; amount: number; to: Selector }
  | { op: "draw"; count: number; who: Side }
  | { op: "summon"; card: string; count: number; who: Side }
  | { op: "buff"; attack: number; health: number; to: Selector; thisTurn: boolean }
  | { op: "grant"; keywords: Keyword[]; to: Selector }
  | { op: "destroy"; to: Selector }
  | { op: "freeze"; to: Selector }
  | { op: "silence"; to: Selector }
  | { op: "transform"; card: string; to: Selector }
  | { op: "give"; card: string; count: number; who: Side }
  | { op: "mana"; amount: number }
  | { op: "armor"; amount: number }
  | { op: "all"; effects: Effect[] }
  | { op: "repeat"; times: number; effect: Effect }
  | { op: "custom"; run: (api: EffectApi) => void };

export const target = (spec: TargetSpec): Selector => ({ target: spec });
export const random = (group: Group, count = 1): Selector => ({ random: group, count });

export const damage = (amount: number, to: Selector): Effect => ({ op: "damage", amount, to });
export const heal = (amount: number, to: Selector): Effect => ({ op: "heal", amount, to });
export const draw = (count = 1, who: Side = "friendly"): Effect => ({ op: "draw", count, who });
export const summon = (card: string, count = 1, who: Side = "friendly"): Effect => ({ op: "summon", card, count, who });
export const buff = (attack: number, health: number, to: Selector): Effect => ({
  op: "buff",
  attack,
  health,
  to,
  thisTurn: false,
});
export const buffThisTurn = (attack: number, to: Selector): Effect => ({
  op: "buff",
  attack,
  health: 0,
  to,
  thisTurn: true,
});
export const grant = (keywords: Keyword[], to: Selector): Effect => ({ op: "grant", keywords, to });
export const destroy = (to: Selector): Effect => ({ op: "destroy", to });
export const freeze = (to: Selector): Effect => ({ op: "freeze", to });
export const silence = (to: Selector): Effect => ({ op: "silence", to });
export const transform = (card: string, to: Selector): Effect => ({ op: "transform", card, to });
export const give = (card: string, count = 1, who: Side = "friendly"): Effect => ({ op: "give", card, count, who });
export const gainMana = (amount: number): Effect => ({ op: "mana", amount });
export const gainArmor = (amount: number): Effect => ({ op: "armor", amount });
export const all = (...effects: Effect[]): Effect => ({ op: "all", effects });
export const repeat = (times: number, effect: Effect): Effect => ({ op: "repeat", times, effect });
export const custom = (run: (api: EffectApi) => void): Effect => ({ op: "custom", run });

export const buffAttack = (attack: number, to: "adjacent" | "other-friendly-minions") => ({ attack, health: 0, to });
export const buffStats = (attack: number, health: number, to: "adjacent" | "other-friendly-minions") => ({
  attack,
  health,
  to,
});
