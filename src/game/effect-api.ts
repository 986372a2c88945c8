// What a `custom` card effect (the escape hatch) may do. Keep it small.
import type { Minion, Seat, State } from "./types";

export interface EffectApi {
  readonly state: State;
  readonly seat: Seat;
  readonly source: Minion | null;
  chosenMinion(): Minion | null;
  damage(target: Minion | { hero: Seat }, amount: number): void;
  setHealth(m: Minion, health: number): void;
  randomInt(n: number): number;
}
