// Enumerates every intent a seat may send now.
import type { HandCard, Intent, Seat, State } from './types';
import { cardInfo as cardInfo_ } from './card-info';
import { BOARD_LIMIT as BOARD_LIMIT_ } from './constants';
import { charId as charId_ } from './chars';
import {
  attackTargets as attackTargets_, canAttack as canAttack_, 
  countPlayTargets, playTargets as playTargets_, targeting, type Targeting,
} from './targeting';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const BOARD_LIMIT = BOARD_LIMIT_;
const charId = charId_;
const attackTargets = attackTargets_;
const canAttack = canAttack_;
const playTargets = playTargets_;
const cardInfo = cardInfo_;


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
  const tg = targeting(state, seat);
  for (const hc of me.hand) {
    const n = playCount(tg, state, hc);
    for (let k = 0; k < n; k++) out.push(playOption(tg, hc, k));
  }
  for (const m of me.board) {
    if (!canAttack(m)) continue;
    for (const t of attackTargets(tg, m)) out.push({ type: 'attack', attacker: m.id, target: charId(t) });
  }
  out.push({ type: 'end_turn' });
  out.push({ type: 'concede' });
  return out;
}

/** How many play intents `hc` offers: 0 when it cannot be played, its targets, or 1 untargeted play. */
export function playCount(tg: Targeting, state: State, hc: HandCard): number {
  const me = state.players[tg.seat];
  const info = cardInfo(hc.card);
  if (info.cost > me.mana || (info.minion && me.board.length >= BOARD_LIMIT)) return 0;
  const spec = info.targetSpec;
  if (!spec) return 1;
  const n = countPlayTargets(tg, spec);
  // a minion with no battlecry target is still played (untargeted); a spell is not
  return n > 0 ? n : info.minion ? 1 : 0;
}

/** The k-th play intent of `hc`, k < playCount(). */
export function playOption(tg: Targeting, hc: HandCard, k: number): Intent {
  const spec = cardInfo(hc.card).targetSpec;
  if (!spec || countPlayTargets(tg, spec) === 0) return { type: 'play', card: hc.id };
  return { type: 'play', card: hc.id, target: charId(playTargets(tg, spec)[k]) };
}
