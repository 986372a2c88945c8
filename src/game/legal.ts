// Enumerates every intent a seat may send now.
import type { Intent, Seat, State } from './types';
import { CARDS as CARDS_ } from './catalog';
import { BOARD_LIMIT as BOARD_LIMIT_ } from './constants';
import { charId as charId_ } from './chars';
import {
  attackTargets as attackTargets_, canAttack as canAttack_, countAttackTargets as countAttackTargets_,
  countPlayTargets as countPlayTargets_, playTargets as playTargets_,
} from './rules';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const CARDS = CARDS_;
const BOARD_LIMIT = BOARD_LIMIT_;
const charId = charId_;
const attackTargets = attackTargets_;
const canAttack = canAttack_;
const playTargets = playTargets_;
const countAttackTargets = countAttackTargets_;
const countPlayTargets = countPlayTargets_;


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

/**
 * Uniform pick among legalActions(state, seat) minus concede, without building every intent:
 * same order and same index as the list, so it returns exactly legalActions()[randomInt(n)].
 */
export function pickLegalAction(state: State, seat: Seat, pick: (n: number) => number): Intent | null {
  if (!isToAct(state, seat)) return null;
  const me = state.players[seat];
  if (state.phase === 'mulligan') {
    const mask = pick(1 << me.hand.length);
    const replace: string[] = [];
    for (let i = 0; i < me.hand.length; i++) if (mask & (1 << i)) replace.push(me.hand[i].id);
    return { type: 'mulligan', replace };
  }
  // first pass: count (no allocation); second pass: build only the chosen intent
  const hand = me.hand, board = me.board;
  const boardFull = board.length >= BOARD_LIMIT;
  const sizes: number[] = [];
  let n = 0;
  for (let i = 0; i < hand.length; i++) {
    const def = CARDS[hand[i].card];
    let size = 0;
    if (def.cost <= me.mana && !(def.type === 'minion' && boardFull)) {
      size = def.targetSpec ? countPlayTargets(state, seat, def.targetSpec) : 1;
      if (size === 0 && def.type === 'minion') size = -1; // untargeted play of a minion with no battlecry target
    }
    sizes.push(size);
    n += size < 0 ? 1 : size;
  }
  for (let i = 0; i < board.length; i++) {
    const size = canAttack(board[i]) ? countAttackTargets(state, board[i]) : 0;
    sizes.push(size);
    n += size;
  }
  let k = pick(n + 1); // + end_turn
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i] < 0 ? 1 : sizes[i];
    if (k >= size) { k -= size; continue; }
    if (i >= hand.length) {
      const m = board[i - hand.length];
      return { type: 'attack', attacker: m.id, target: charId(attackTargets(state, m)[k]) };
    }
    const hc = hand[i];
    if (sizes[i] < 0 || !CARDS[hc.card].targetSpec) return { type: 'play', card: hc.id };
    return { type: 'play', card: hc.id, target: charId(playTargets(state, seat, CARDS[hc.card].targetSpec!)[k]) };
  }
  return { type: 'end_turn' };
}
