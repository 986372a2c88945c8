// The death pass: collect every dead minion, remove them in play order, queue deathrattles and
// "whenever a minion dies" triggers, drain, and repeat until nothing dies (capped).
import type { Minion } from "./types";
import { CARDS } from "./catalog";
import { MAX_DEATH_PASSES } from "./constants";
import { recomputeAuras } from "./auras";
import { enqueue, inFrame, type Resolver } from "./resolver";
import { fire } from "./triggers";
import { appended } from "./zones";
import { TX_AURA, TX_DEATHRATTLE } from "./text-mask";
import { isAlive } from "./stats";

const NONE_DEAD: readonly { m: Minion; pos: number }[] = [];

function removeDead(R: Resolver): readonly { m: Minion; pos: number }[] {
  let any = false;
  for (let p = 0; p < 2 && !any; p++) {
    const board = R.s.players[p].board;
    for (let i = 0; i < board.length; i++)
      if (!isAlive(board[i])) {
        any = true;
        break;
      }
  }
  if (!any) return NONE_DEAD;
  const dead: { m: Minion; pos: number }[] = [];
  for (let p = 0; p < 2; p++) {
    const player = R.s.players[p];
    const board = player.board;
    let hasDead = false;
    for (let i = 0; i < board.length; i++)
      if (!isAlive(board[i])) {
        hasDead = true;
        break;
      }
    if (!hasDead) continue;
    const survivors: Minion[] = [];
    for (const m of board) {
      if (isAlive(m)) survivors.push(m);
      else dead.push({ m, pos: survivors.length });
    }
    player.board = survivors;
  }
  if (dead.length > 1) dead.sort((a, b) => a.m.order - b.m.order);
  for (const { m } of dead) {
    const owner = R.s.players[m.owner];
    owner.graveyard = appended(owner.graveyard, m.card);
    R.ev.push({ type: "death", id: m.id, card: m.card, seat: m.owner });
  }
  return dead;
}

/** True when no minion is dying and no aura needs recomputing (the common case). */
function nothingToSettle(R: Resolver): boolean {
  for (let p = 0; p < 2; p++) {
    const board = R.s.players[p].board;
    for (let i = 0; i < board.length; i++) {
      const m = board[i];
      if (m.dead || m.dmg >= m.hp + m.auraHp || m.auraAtk !== 0 || m.auraHp !== 0 || m.tx & TX_AURA) return false;
    }
  }
  return true;
}

export function settle(R: Resolver): void {
  if (nothingToSettle(R)) return;
  for (let pass = 0; ; pass++) {
    recomputeAuras(R.s);
    const dead = removeDead(R);
    if (dead.length === 0) return;
    if (pass >= MAX_DEATH_PASSES) {
      // cap reached: the dead are removed but their deathrattles no longer fire
      R.ev.push({ type: "cap_reached", cap: "death_passes" });
      continue;
    }
    inFrame(R, () => {
      for (const { m, pos } of dead) {
        const dr = CARDS[m.card].deathrattle;
        if (dr && m.tx & TX_DEATHRATTLE) enqueue(R, dr, { seat: m.owner, source: m, chosen: null, event: null, pos });
        fire(R, "minion_died", m, m.owner);
      }
    });
  }
}
