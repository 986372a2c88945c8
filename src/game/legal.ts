// Enumerates every intent a seat may send now.
import type { HandCard, Intent, PlayerState, Seat, State } from "./types";
import { cardInfo } from "./card-info";
import { BOARD_LIMIT } from "./constants";
import { charId } from "./chars";
import { canAttack, targeting, type Targeting } from "./targeting";

/** True when `seat` is the one the game waits for (mulligan not sent yet, or current player). */
export function isToAct(state: State, seat: Seat): boolean {
  if (state.phase === "mulligan") return !state.players[seat].mulliganed;
  return state.phase === "playing" && state.current === seat;
}

export function legalActions(state: State, seat: Seat): Intent[] {
  if (state.phase === "over" || (seat !== 0 && seat !== 1)) return [];
  // Contract: nothing for a seat that is not to act. A server lets such a player resign with forfeit().
  if (!isToAct(state, seat)) return [];
  const out: Intent[] = [];
  const me = state.players[seat];
  if (state.phase === "mulligan") {
    const ids = me.hand.map((c) => c.id);
    for (let mask = 0; mask < 1 << ids.length; mask++) {
      const replace: string[] = [];
      for (let i = 0; i < ids.length; i++) if (mask & (1 << i)) replace.push(ids[i]);
      out.push({ type: "mulligan", replace });
    }
    out.push({ type: "concede" });
    return out;
  }
  const tg = targeting(state, seat);
  for (const hc of me.hand) {
    const n = playCount(tg, me, hc);
    for (let k = 0; k < n; k++) out.push(playOption(tg, hc, k));
  }
  for (const m of me.board) {
    if (!canAttack(m)) continue;
    for (const t of tg.attackTargets(m)) out.push({ type: "attack", attacker: m.id, target: charId(t) });
  }
  out.push({ type: "end_turn" });
  out.push({ type: "concede" });
  return out;
}

/**
 * How many play and attack intents legalActions() lists in the playing phase (between the mulligan
 * options and end_turn), counted without building them. `tg` is targeting(state, seat).
 */
export function countMoves(state: State, tg: Targeting, sizes?: number[]): number {
  const me = state.players[tg.seat];
  let n = 0;
  for (let i = 0; i < me.hand.length; i++) {
    const size = playCount(tg, me, me.hand[i]);
    if (sizes) sizes[i] = size;
    n += size;
  }
  for (let i = 0; i < me.board.length; i++) {
    const m = me.board[i];
    const size = canAttack(m) ? tg.countAttackTargets(m) : 0;
    if (sizes) sizes[me.hand.length + i] = size;
    n += size;
  }
  return n;
}

/**
 * legalActions(state, tg.seat)[k] for k < countMoves(state, tg), building only that intent. `sizes`, when
 * given, is what countMoves(state, tg, sizes) filled in for this state, so no count is computed twice.
 */
export function moveAt(state: State, tg: Targeting, k: number, sizes?: readonly number[]): Intent {
  const me = state.players[tg.seat];
  for (let i = 0; i < me.hand.length; i++) {
    const size = sizes ? sizes[i] : playCount(tg, me, me.hand[i]);
    if (k < size) return playOption(tg, me.hand[i], k);
    k -= size;
  }
  for (let i = 0; i < me.board.length; i++) {
    const m = me.board[i];
    const size = sizes ? sizes[me.hand.length + i] : canAttack(m) ? tg.countAttackTargets(m) : 0;
    if (k < size) return { type: "attack", attacker: m.id, target: charId(tg.attackTargets(m)[k]) };
    k -= size;
  }
  throw new RangeError(`moveAt: index past countMoves()`);
}

/** How many play intents `hc` offers: 0 when it cannot be played, its targets, or 1 untargeted play. */
function playCount(tg: Targeting, me: PlayerState, hc: HandCard): number {
  const info = cardInfo(hc.card);
  if (info.cost > me.mana || (info.minion && me.board.length >= BOARD_LIMIT)) return 0;
  const spec = info.targetSpec;
  if (!spec) return 1;
  const n = tg.countPlayTargets(spec);
  // a minion with no battlecry target is still played (untargeted); a spell is not
  return n > 0 ? n : info.minion ? 1 : 0;
}

/** The k-th play intent of `hc`, k < playCount(). */
function playOption(tg: Targeting, hc: HandCard, k: number): Intent {
  const spec = cardInfo(hc.card).targetSpec;
  if (!spec || tg.countPlayTargets(spec) === 0) return { type: "play", card: hc.id };
  return { type: "play", card: hc.id, target: charId(tg.playTargets(spec)[k]) };
}
