// A uniform random pick among the legal intents, without building them all (the random bot's engine).
import type { Intent, Seat, State } from "../game/types";
import { randomInt } from "../game/rng";
import { countMoves, isToAct, moveAt } from "../game/legal";
import { targeting } from "../game/targeting";

const choose = (pick: ((n: number) => number) | number[], n: number): number =>
  typeof pick === "function" ? pick(n) : randomInt(pick, n);

/**
 * Uniform pick among legalActions(state, seat) minus concede, without building every intent:
 * same order and same index as the list, so it returns exactly legalActions()[pick(n)].
 * `pick(n)` returns an index in [0, n) and is called exactly once when the seat is to act; passing
 * sfc32 words instead means `randomInt(words, n)` (the random bot's path, without a closure).
 */
export function pickLegalAction(state: State, seat: Seat, pick: ((n: number) => number) | number[]): Intent | null {
  if (!isToAct(state, seat)) return null;
  const me = state.players[seat];
  const hand = me.hand;
  if (state.phase === "mulligan") {
    const mask = choose(pick, 1 << hand.length);
    const replace: string[] = [];
    for (let i = 0; i < hand.length; i++) if (mask & (1 << i)) replace.push(hand[i].id);
    return { type: "mulligan", replace };
  }
  const tg = targeting(state, seat);
  const sizes: number[] = [];
  const n = countMoves(state, tg, sizes);
  const k = choose(pick, n + 1); // + end_turn, listed after every play and attack
  return k < n ? moveAt(state, tg, k, sizes) : { type: "end_turn" };
}
