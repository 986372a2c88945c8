// Enumerates every intent a seat may send now.
import type { Intent, Minion, Seat, State } from './types';
import { KW } from './keywords';
import { isAlive } from './stats';
import { randomInt } from './rng';
import { cardInfo } from './card-info';
import { CARDS } from './catalog';
import { BOARD_LIMIT } from './constants';
import { charId } from './chars';
import { attackTargets, canAttack, countAttackTargets, playTargets } from './rules';

/** True when `seat` is the one the game waits for (mulligan not sent yet, or current player). */
export function isToAct(state: State, seat: Seat): boolean {
  if (state.phase === 'mulligan') return !state.players[seat].mulliganed;
  return state.phase === 'playing' && state.current === seat;
}

export function legalActions(state: State, seat: Seat): Intent[] {
  if (state.phase === 'over' || (seat !== 0 && seat !== 1)) return [];
  // Contract: nothing for a seat that is not to act. A server lets such a player resign with forfeit().
  if (!isToAct(state, seat)) return [];
  const out: Intent[] = [];
  const me = state.players[seat];
  if (state.phase === 'mulligan') {
    const ids = me.hand.map((c) => c.id);
    for (let mask = 0; mask < 1 << ids.length; mask++) {
      const replace: string[] = [];
      for (let i = 0; i < ids.length; i++) if (mask & (1 << i)) replace.push(ids[i]);
      out.push({ type: 'mulligan', replace });
    }
    out.push({ type: 'concede' });
    return out;
  }
  for (const hc of me.hand) {
    const def = CARDS[hc.card];
    if (def.cost > me.mana) continue;
    if (def.type === 'minion' && me.board.length >= BOARD_LIMIT) continue;
    if (def.targetSpec) {
      const options = playTargets(state, seat, def.targetSpec);
      if (options.length > 0) {
        for (const t of options) out.push({ type: 'play', card: hc.id, target: charId(t) });
        continue;
      }
      if (def.type === 'spell') continue;
    }
    out.push({ type: 'play', card: hc.id });
  }
  for (const m of me.board) {
    if (!canAttack(m)) continue;
    for (const t of attackTargets(state, m)) out.push({ type: 'attack', attacker: m.id, target: charId(t) });
  }
  out.push({ type: 'end_turn' });
  out.push({ type: 'concede' });
  return out;
}

const choose = (pick: ((n: number) => number) | number[], n: number): number =>
  typeof pick === 'function' ? pick(n) : randomInt(pick, n);

/** Scratch for the per-option counts of one pick (hand <= HAND_LIMIT, board <= BOARD_LIMIT); never escapes. */
const sizes = new Int32Array(64);

/**
 * Uniform pick among legalActions(state, seat) minus concede, without building every intent:
 * same order and same index as the list, so it returns exactly legalActions()[pick(n)].
 * `pick(n)` returns an index in [0, n) and is called exactly once when the seat is to act; passing
 * sfc32 words instead means `randomInt(words, n)` (the random bot's path, without a closure).
 */
export function pickLegalAction(state: State, seat: Seat, pick: ((n: number) => number) | number[]): Intent | null {
  if (!isToAct(state, seat)) return null;
  const me = state.players[seat];
  const hand = me.hand, board = me.board;
  if (state.phase === 'mulligan') {
    const mask = choose(pick, 1 << hand.length);
    const replace: string[] = [];
    for (let i = 0; i < hand.length; i++) if (mask & (1 << i)) replace.push(hand[i].id);
    return { type: 'mulligan', replace };
  }
  // first pass: count (no allocation); second pass: build only the chosen intent
  const boardFull = board.length >= BOARD_LIMIT;
  const mana = me.mana;
  const nh = hand.length, total = nh + board.length;
  if (total > sizes.length) return pickSlow(state, seat, pick);
  // board counts shared by every option, computed at most once per pick (-1: not yet):
  // my living minions, the foe's living non-stealth minions, and of those the taunts
  const foeBoard = state.players[1 - seat].board;
  let myAlive = -1, foeVisible = -1, foeTaunts = 0;
  let n = 0;
  for (let i = 0; i < nh; i++) {
    const info = cardInfo(hand[i].card);
    let size = 0;
    if (info.cost <= mana) {
      const minion = info.minion;
      if (!(minion && boardFull)) {
        const spec = info.targetSpec;
        if (spec) {
          // same count as countPlayTargets(state, seat, spec)
          const mine = spec === 'any-character' || spec === 'friendly-character' || spec === 'any-minion' || spec === 'friendly-minion';
          const theirs = spec === 'any-character' || spec === 'enemy-character' || spec === 'any-minion' || spec === 'enemy-minion';
          if (mine) {
            if (myAlive < 0) { myAlive = 0; for (let j = 0; j < board.length; j++) if (isAlive(board[j])) myAlive++; }
            size += myAlive;
          }
          if (theirs) {
            if (foeVisible < 0) foeTaunts = countFoe(foeBoard), foeVisible = foeCount;
            size += foeVisible;
          }
          if (spec === 'any-character') size += 2;
          else if (spec === 'enemy-character' || spec === 'friendly-character') size += 1;
        } else size = 1;
        if (size === 0 && minion) size = -1; // untargeted play of a minion with no battlecry target
      }
    }
    sizes[i] = size;
    n += size < 0 ? 1 : size;
  }
  for (let i = 0; i < board.length; i++) {
    const m = board[i];
    let size = 0;
    if (canAttack(m)) {
      if (m.owner !== seat) size = countAttackTargets(state, m);
      else {
        // same count as countAttackTargets(state, m): the foe board is the same for every attacker
        if (foeVisible < 0) foeTaunts = countFoe(foeBoard), foeVisible = foeCount;
        size = foeTaunts > 0 ? foeTaunts : foeVisible + (!m.sick || (m.kw & KW.charge) !== 0 ? 1 : 0);
      }
    }
    sizes[nh + i] = size;
    n += size;
  }
  let k = choose(pick, n + 1); // + end_turn
  for (let i = 0; i < total; i++) {
    const raw = sizes[i];
    const size = raw < 0 ? 1 : raw;
    if (k >= size) { k -= size; continue; }
    if (i >= nh) {
      const m = board[i - nh];
      return { type: 'attack', attacker: m.id, target: charId(attackTargets(state, m)[k]) };
    }
    const hc = hand[i];
    const spec = cardInfo(hc.card).targetSpec;
    if (raw < 0 || !spec) return { type: 'play', card: hc.id };
    return { type: 'play', card: hc.id, target: charId(playTargets(state, seat, spec)[k]) };
  }
  return { type: 'end_turn' };
}

/** second result of countFoe(): the foe's living non-stealth minions */
let foeCount = 0;

/** Counts the living non-stealth minions of `board` into foeCount and returns how many have taunt. */
function countFoe(board: readonly Minion[]): number {
  let taunts = 0, visible = 0;
  for (let i = 0; i < board.length; i++) {
    const t = board[i];
    if (!isAlive(t) || t.kw & KW.stealth) continue;
    visible++;
    if (t.kw & KW.taunt) taunts++;
  }
  foeCount = visible;
  return taunts;
}

/** Same pick from the full list (only for hands/boards larger than the scratch, e.g. hand-built states). */
function pickSlow(state: State, seat: Seat, pick: ((n: number) => number) | number[]): Intent | null {
  const all = legalActions(state, seat);
  all.pop(); // concede is last
  return all[choose(pick, all.length)];
}
