// Win / draw detection and ending the game.
import type { GameEvent, GameResult, Seat, State } from "./types";
import { cloneState } from "./clone";
import type { Resolver } from "./resolver";

export function finish(R: Resolver, winner: Seat | null, reason: string): void {
  if (R.s.phase === "over") return;
  R.s.phase = "over";
  R.s.result = { winner, reason };
  R.ev.push({ type: "game_over", winner, reason });
}

/** Ends the game if a hero is at 0 or below. Returns true when the game is over. */
export function checkHeroes(R: Resolver): boolean {
  if (R.s.phase === "over") return true;
  const dead0 = R.s.players[0].hero.health <= 0;
  const dead1 = R.s.players[1].hero.health <= 0;
  if (dead0 && dead1) finish(R, null, "draw");
  else if (dead0) finish(R, 1, "hero_destroyed");
  else if (dead1) finish(R, 0, "hero_destroyed");
  return (R.s.phase as string) === "over";
}

export function result(state: State): GameResult | null {
  return state.result ? { winner: state.result.winner, reason: state.result.reason } : null;
}

/** Server-decided loss (AFK, disconnect...): the other seat wins with the given reason. */
export function forfeit(state: State, seat: Seat, reason: string): { state: State; events: GameEvent[] } {
  if (state.phase === "over") return { state, events: [] };
  const s = cloneState(state);
  const ev: GameEvent[] = [];
  s.phase = "over";
  s.result = { winner: (seat === 0 ? 1 : 0) as Seat, reason: String(reason) };
  ev.push({ type: "game_over", winner: s.result.winner, reason: s.result.reason });
  return { state: s, events: ev };
}
