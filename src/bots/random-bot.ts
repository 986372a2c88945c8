import type { Intent, Seat, State } from "../game/types";
import { pickLegalAction } from "./pick-legal-action";
import { seedWords } from "../game/rng";

/**
 * Picks uniformly among the legal intents except concede (a bot that concedes at random makes
 * useless games). Returns null when the seat is not to act. Pass a number[] of sfc32 words (e.g.
 * from `botRng(seed)`) to advance one stream across calls, or a seed to derive a fresh stream.
 */
export function randomBot(state: State, seat: Seat, rng: number[] | string | number): Intent | null {
  const words = Array.isArray(rng) ? rng : seedWords(rng);
  return pickLegalAction(state, seat, words);
}

export function botRng(seed: string | number): number[] {
  return seedWords(seed);
}
