// A uniform random pick among the legal intents, without building them all (the random bot's engine).
import type { Intent, Seat, State } from '../game/types';
import { randomInt as randomInt_ } from '../game/rng';
import { charId as charId_ } from '../game/chars';
import { isToAct, playCount, playOption } from '../game/legal';
import {
  attackTargets as attackTargets_, canAttack as canAttack_, countAttackTargets as countAttackTargets_, targeting,
} from '../game/targeting';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const charId = charId_;
const attackTargets = attackTargets_;
const canAttack = canAttack_;
const countAttackTargets = countAttackTargets_;
const randomInt = randomInt_;

const choose = (pick: ((n: number) => number) | number[], n: number): number =>
  typeof pick === 'function' ? pick(n) : randomInt(pick, n);

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
  // counts are array lengths in the targeting kernel: count everything, then build only the chosen intent
  const tg = targeting(state, seat);
  let n = 0;
  for (let i = 0; i < hand.length; i++) n += playCount(tg, state, hand[i]);
  for (let i = 0; i < board.length; i++) if (canAttack(board[i])) n += countAttackTargets(tg, board[i]);
  let k = choose(pick, n + 1); // + end_turn
  for (let i = 0; i < hand.length; i++) {
    const size = playCount(tg, state, hand[i]);
    if (k < size) return playOption(tg, hand[i], k);
    k -= size;
  }
  for (let i = 0; i < board.length; i++) {
    const m = board[i];
    const size = canAttack(m) ? countAttackTargets(tg, m) : 0;
    if (k < size) return { type: 'attack', attacker: m.id, target: charId(attackTargets(tg, m)[k]) };
    k -= size;
  }
  return { type: 'end_turn' };
}
