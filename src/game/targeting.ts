// Who may attack, and the one targeting kernel: which characters a seat may attack or target with a card.
// Listing, counting and "may it target this one?" all read the same Targeting, computed once per state.
import type { Minion, Seat, State } from './types';
import type { TargetSpec } from './effects';
import { KW as KW_ } from './keywords';
import { attackOf as attackOf_, isAlive as isAlive_ } from './stats';
import { HERO_REFS as HERO_REFS_, isHero as isHero_, type Char } from './chars';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const KW = KW_;
const attackOf = attackOf_;
const isAlive = isAlive_;
const HERO_REFS = HERO_REFS_;
const isHero = isHero_;

export function canAttack(m: Minion): boolean {
  if (m.frozen || !isAlive(m) || attackOf(m) <= 0) return false;
  if (m.attacks >= (m.kw & KW.windfury ? 2 : 1)) return false;
  return !m.sick || (m.kw & (KW.charge | KW.rush)) !== 0;
}

/**
 * The characters `seat` may pick in one state, in board order. Compute it once (targeting()) and ask it
 * everything for that state; it is a snapshot, so compute it again after the state changes.
 */
export interface Targeting {
  seat: Seat;
  /** the seat's living minions (its own cards may target them; stealth does not hide them from it) */
  friendly: Minion[];
  /** the foe's living minions without stealth */
  enemy: Minion[];
  /** the members of `enemy` with taunt: when any, an attack must pick one of them */
  enemyTaunts: Minion[];
}

export function targeting(s: State, seat: Seat): Targeting {
  const friendly: Minion[] = [];
  const enemy: Minion[] = [];
  const enemyTaunts: Minion[] = [];
  const mine = s.players[seat].board;
  for (let i = 0; i < mine.length; i++) if (isAlive(mine[i])) friendly.push(mine[i]);
  const theirs = s.players[1 - seat].board;
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i];
    if (!isAlive(t) || t.kw & KW.stealth) continue;
    enemy.push(t);
    if (t.kw & KW.taunt) enemyTaunts.push(t);
  }
  return { seat, friendly, enemy, enemyTaunts };
}

/** A minion with Rush but not Charge cannot attack heroes on the turn it arrives; a taunt shields the hero. */
const heroAttackable = (tg: Targeting, attacker: Minion): boolean =>
  tg.enemyTaunts.length === 0 && (!attacker.sick || (attacker.kw & KW.charge) !== 0);

/** Legal targets for an attacker of tg.seat that canAttack(): the taunts if any, else every enemy, then the hero. */
export function attackTargets(tg: Targeting, attacker: Minion): Char[] {
  if (tg.enemyTaunts.length > 0) return tg.enemyTaunts.slice();
  const out: Char[] = tg.enemy.slice();
  if (heroAttackable(tg, attacker)) out.push(HERO_REFS[1 - tg.seat]);
  return out;
}

export function countAttackTargets(tg: Targeting, attacker: Minion): number {
  if (tg.enemyTaunts.length > 0) return tg.enemyTaunts.length;
  return tg.enemy.length + (heroAttackable(tg, attacker) ? 1 : 0);
}

export function canAttackTarget(tg: Targeting, attacker: Minion, target: Char): boolean {
  if (isHero(target)) return target.hero !== tg.seat && heroAttackable(tg, attacker);
  return (tg.enemyTaunts.length > 0 ? tg.enemyTaunts : tg.enemy).includes(target);
}

const friendlyMinions = (spec: TargetSpec): boolean =>
  spec === 'any-character' || spec === 'friendly-character' || spec === 'any-minion' || spec === 'friendly-minion';
const enemyMinions = (spec: TargetSpec): boolean =>
  spec === 'any-character' || spec === 'enemy-character' || spec === 'any-minion' || spec === 'enemy-minion';
const friendlyHero = (spec: TargetSpec): boolean => spec === 'any-character' || spec === 'friendly-character';
const enemyHero = (spec: TargetSpec): boolean => spec === 'any-character' || spec === 'enemy-character';

/** Targets for a card of tg.seat: friendly minions, enemy minions, then its own hero, then the foe's. */
export function playTargets(tg: Targeting, spec: TargetSpec): Char[] {
  const out: Char[] = friendlyMinions(spec) ? tg.friendly.slice() : [];
  if (enemyMinions(spec)) for (let i = 0; i < tg.enemy.length; i++) out.push(tg.enemy[i]);
  if (friendlyHero(spec)) out.push(HERO_REFS[tg.seat]);
  if (enemyHero(spec)) out.push(HERO_REFS[1 - tg.seat]);
  return out;
}

export function countPlayTargets(tg: Targeting, spec: TargetSpec): number {
  return (friendlyMinions(spec) ? tg.friendly.length : 0) + (enemyMinions(spec) ? tg.enemy.length : 0)
    + (friendlyHero(spec) ? 1 : 0) + (enemyHero(spec) ? 1 : 0);
}

export function canPlayTarget(tg: Targeting, spec: TargetSpec, target: Char): boolean {
  if (isHero(target)) return target.hero === tg.seat ? friendlyHero(spec) : enemyHero(spec);
  return (friendlyMinions(spec) && tg.friendly.includes(target)) || (enemyMinions(spec) && tg.enemy.includes(target));
}
