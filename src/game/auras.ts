// Static auras are recomputed from scratch: clear every aura bonus, then re-apply all active auras.
import type { State } from "./types";
import { CARDS } from "./catalog";
import { TX_AURA } from "./text-mask";

/** old aura health per board slot during one recompute; never escapes */
const scratch = new Float64Array(16);

export function recomputeAuras(s: State): void {
  for (let p = 0; p < 2; p++) {
    const board = s.players[p].board;
    let any = false;
    for (let i = 0; i < board.length; i++) {
      const m = board[i];
      if (m.auraAtk !== 0 || m.auraHp !== 0 || (m.tx & TX_AURA && !m.dead)) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    const oldHp = board.length <= scratch.length ? scratch : new Float64Array(board.length);
    for (let i = 0; i < board.length; i++) {
      const m = board[i];
      oldHp[i] = m.auraHp;
      m.auraAtk = 0;
      m.auraHp = 0;
    }
    for (let i = 0; i < board.length; i++) {
      const src = board[i];
      if (!(src.tx & TX_AURA) || src.dead) continue;
      const aura = CARDS[src.card].aura!;
      for (let j = 0; j < board.length; j++) {
        if (j === i) continue;
        if (aura.to === "adjacent" && j !== i - 1 && j !== i + 1) continue;
        board[j].auraAtk += aura.attack;
        board[j].auraHp += aura.health;
      }
    }
    // losing aura health lowers current health only down to the new maximum (a damaged minion survives)
    for (let i = 0; i < board.length; i++) {
      const m = board[i];
      if (m.auraHp < oldHp[i]) m.dmg = Math.max(0, m.dmg - (oldHp[i] - m.auraHp));
    }
  }
}
