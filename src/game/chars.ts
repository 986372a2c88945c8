import type { Minion, Seat } from "./types";

/** A character: a minion on a board, or a hero. */
export type Char = Minion | HeroRef;
export interface HeroRef {
  hero: Seat;
}
export const HERO_REFS: readonly [HeroRef, HeroRef] = [{ hero: 0 }, { hero: 1 }];
export const isHero = (c: Char): c is HeroRef => (c as HeroRef).hero !== undefined;
/** "hero:0" / "hero:1" for heroes, the entity id ("e17") for minions */
const HERO_IDS: readonly string[] = ["hero:0", "hero:1"];
export const charId = (c: Char): string => (isHero(c) ? (HERO_IDS[c.hero] ?? `hero:${c.hero}`) : c.id);
