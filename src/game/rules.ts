// Who may attack what, and which characters a card may target.
import type { Minion, Seat, State } from './types';
import type { TargetSpec } from './effects';
import { KW } from './keywords';
import { attackOf, isAlive } from './stats';
import { HERO_REFS, isHero, type Char } from './chars';

export function canAttack(m: Minion): boolean {
  if (m.frozen || !isAlive(m) || attackOf(m) <= 0) return false;
  if (m.attacks >= (m.kw & KW.windfury ? 2 : 1)) return false;
  return !m.sick || (m.kw & (KW.charge | KW.rush)) !== 0;
}

/** Legal attack targets for a minion that canAttack(). */
export function attackTargets(s: State, m: Minion): Char[] {
  const foe = (1 - m.owner) as Seat;
  const board = s.players[foe].board;
  let taunts = false;
  for (const t of board) if (t.kw & KW.taunt && !(t.kw & KW.stealth) && isAlive(t)) { taunts = true; break; }
  const out: Char[] = [];
  for (const t of board) {
    if (!isAlive(t) || t.kw & KW.stealth) continue;
    if (taunts && !(t.kw & KW.taunt)) continue;
    out.push(t);
  }
  // a minion with Rush but not Charge cannot attack heroes on the turn it arrives
  const heroAllowed = !taunts && (!m.sick || (m.kw & KW.charge) !== 0);
  if (heroAllowed) out.push(HERO_REFS[foe]);
  return out;
}

export function playTargets(s: State, seat: Seat, spec: TargetSpec): Char[] {
  const foe = (1 - seat) as Seat;
  const out: Char[] = [];
  const mine = spec === 'any-character' || spec === 'friendly-character' || spec === 'any-minion' || spec === 'friendly-minion';
  const theirs = spec === 'any-character' || spec === 'enemy-character' || spec === 'any-minion' || spec === 'enemy-minion';
  const heroes = spec === 'any-character' || spec === 'enemy-character' || spec === 'friendly-character';
  if (mine) for (const m of s.players[seat].board) if (isAlive(m)) out.push(m);
  // stealth: enemies cannot target it
  if (theirs) for (const m of s.players[foe].board) if (isAlive(m) && !(m.kw & KW.stealth)) out.push(m);
  if (heroes) {
    if (spec !== 'enemy-character') out.push(HERO_REFS[seat]);
    if (spec !== 'friendly-character') out.push(HERO_REFS[foe]);
  }
  return out;
}

/** attackTargets(s, m).length without allocating. */
export function countAttackTargets(s: State, m: Minion): number {
  const board = s.players[1 - m.owner].board;
  let taunts = 0, others = 0;
  for (let i = 0; i < board.length; i++) {
    const t = board[i];
    if (!isAlive(t) || t.kw & KW.stealth) continue;
    if (t.kw & KW.taunt) taunts++;
    else others++;
  }
  if (taunts > 0) return taunts;
  return others + (!m.sick || (m.kw & KW.charge) !== 0 ? 1 : 0);
}

/** playTargets(s, seat, spec).length without allocating. */
export function countPlayTargets(s: State, seat: Seat, spec: TargetSpec): number {
  let n = 0;
  const mine = spec === 'any-character' || spec === 'friendly-character' || spec === 'any-minion' || spec === 'friendly-minion';
  const theirs = spec === 'any-character' || spec === 'enemy-character' || spec === 'any-minion' || spec === 'enemy-minion';
  if (mine) for (const m of s.players[seat].board) if (isAlive(m)) n++;
  if (theirs) for (const m of s.players[1 - seat].board) if (isAlive(m) && !(m.kw & KW.stealth)) n++;
  if (spec === 'any-character') n += 2;
  else if (spec === 'enemy-character' || spec === 'friendly-character') n += 1;
  return n;
}

/** attackTargets(s, m).includes(t) without allocating. */
export function canAttackTarget(s: State, m: Minion, t: Char): boolean {
  const foe = 1 - m.owner;
  if (isHero(t)) {
    if (t.hero !== foe || (m.sick && !(m.kw & KW.charge))) return false;
  } else if (t.owner !== foe || !isAlive(t) || t.kw & KW.stealth) return false;
  if (!isHero(t) && t.kw & KW.taunt) return true;
  for (const o of s.players[foe].board) if (o.kw & KW.taunt && !(o.kw & KW.stealth) && isAlive(o)) return false;
  return true;
}

/** playTargets(s, seat, spec).includes(t) without allocating. */
export function canPlayTarget(seat: Seat, spec: TargetSpec, t: Char): boolean {
  const mine = isHero(t) ? t.hero === seat : t.owner === seat;
  if (!isHero(t) && (!isAlive(t) || (!mine && t.kw & KW.stealth))) return false;
  switch (spec) {
    case 'any-character': return true;
    case 'enemy-character': return !mine;
    case 'friendly-character': return mine;
    case 'any-minion': return !isHero(t);
    case 'enemy-minion': return !isHero(t) && !mine;
    case 'friendly-minion': return !isHero(t) && mine;
  }
}
