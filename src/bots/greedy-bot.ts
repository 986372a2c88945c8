import type { Intent, Seat, State } from "../game/types";
import { CARDS } from "../game/catalog";
import { KW } from "../game/keywords";
import { attackOf, healthOf } from "../game/stats";
import { apply } from "../game/apply";
import { isToAct, legalActions } from "../game/legal";

/** Board evaluation from `seat`'s point of view. */
export function evaluate(s: State, seat: Seat): number {
  if (s.result) return s.result.winner === seat ? 1e6 : s.result.winner === null ? 0 : -1e6;
  let score = 0;
  for (let p = 0; p < 2; p++) {
    const sign = p === seat ? 1 : -1;
    const pl = s.players[p];
    score += sign * (pl.hero.health + pl.hero.armor);
    for (const m of pl.board) {
      let v = attackOf(m) * 1.2 + healthOf(m) + 1;
      if (m.kw & KW.taunt) v += 1;
      if (m.kw & KW.divine_shield) v += attackOf(m);
      if (m.kw & KW.windfury) v += attackOf(m) * 0.5;
      score += sign * v * 1.5;
    }
    score += sign * pl.hand.length * 1.5;
  }
  return score;
}

function mulliganChoice(s: State, seat: Seat): Intent {
  const replace = s.players[seat].hand.filter((c) => CARDS[c.card].cost >= 5).map((c) => c.id);
  return { type: "mulligan", replace };
}

/** One-ply lookahead: take the action with the best resulting evaluation; end the turn when none improves it. */
export function greedyBot(state: State, seat: Seat): Intent | null {
  if (!isToAct(state, seat)) return null;
  if (state.phase === "mulligan") return mulliganChoice(state, seat);
  const base = evaluate(state, seat);
  let best: Intent = { type: "end_turn" };
  let bestScore = base;
  for (const intent of legalActions(state, seat)) {
    if (intent.type === "end_turn" || intent.type === "concede") continue;
    const r = apply(state, seat, intent);
    if (!r.ok) continue;
    const score = evaluate(r.state, seat);
    if (score > bestScore) {
      bestScore = score;
      best = intent;
    }
  }
  return best;
}
