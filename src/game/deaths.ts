// The death pass: collect every dead minion, remove them in play order, queue deathrattles and
// "whenever a minion dies" triggers, drain, and repeat until nothing dies (capped).
import type { Minion } from './types';
import { CARDS as CARDS_ } from './catalog';
import { MAX_DEATH_PASSES } from './constants';
import { recomputeAuras } from './auras';
import { enqueue, inFrame, type Resolver } from './resolver';
import { fire } from './triggers';
import { TX_AURA as TX_AURA_, TX_DEATHRATTLE as TX_DEATHRATTLE_ } from './text-mask';
import { isAlive as isAlive_ } from './stats';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const TX_AURA = TX_AURA_;
const TX_DEATHRATTLE = TX_DEATHRATTLE_;
const CARDS = CARDS_;
const isAlive = isAlive_;

function removeDead(R: Resolver): { m: Minion; pos: number }[] {
  const dead: { m: Minion; pos: number }[] = [];
  for (let p = 0; p < 2; p++) {
    const player = R.s.players[p];
    const board = player.board;
    let hasDead = false;
    for (let i = 0; i < board.length; i++) if (!isAlive(board[i])) { hasDead = true; break; }
    if (!hasDead) continue;
    const survivors: Minion[] = [];
    for (const m of board) {
      if (isAlive(m)) survivors.push(m);
      else dead.push({ m, pos: survivors.length });
    }
    player.board = survivors;
  }
  dead.sort((a, b) => a.m.order - b.m.order);
  for (const { m } of dead) {
    R.s.players[m.owner].graveyard.push(m.card);
    R.ev.push({ type: 'death', id: m.id, card: m.card, seat: m.owner });
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
      R.ev.push({ type: 'cap_reached', cap: 'death_passes' });
      continue;
    }
    inFrame(R, () => {
      for (const { m, pos } of dead) {
        const dr = CARDS[m.card].deathrattle;
        if (dr && m.tx & TX_DEATHRATTLE) enqueue(R, dr, { seat: m.owner, source: m, chosen: null, event: null, pos });
        fire(R, 'minion_died', m, m.owner);
      }
    });
  }
}
