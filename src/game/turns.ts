// Turn structure: game start after the mulligan, start of turn, end of turn.
import type { Seat } from "./types";
import { COIN_CARD, MAX_MANA, TURN_LIMIT } from "./constants";
import { closeFrame, inFrame, openFrame, type Resolver } from "./resolver";
import { drawCard, giveCard } from "./zones";
import { fire } from "./triggers";
import { settle } from "./deaths";
import { checkHeroes, finish } from "./outcome";

export function startGame(R: Resolver): void {
  const s = R.s;
  s.phase = "playing";
  R.ev.push({ type: "game_start", first: s.first });
  inFrame(R, () => giveCard(R, (1 - s.first) as Seat, COIN_CARD));
  startTurn(R, s.first);
}

export function startTurn(R: Resolver, seat: Seat): void {
  const s = R.s;
  const p = s.players[seat];
  s.current = seat;
  s.turn++;
  p.maxMana = Math.min(MAX_MANA, p.maxMana + 1);
  p.mana = p.maxMana;
  for (const m of p.board) {
    m.sick = false;
    m.attacks = 0;
  }
  R.ev.push({ type: "turn_start", seat, turn: s.turn });
  openFrame(R);
  drawCard(R, seat);
  fire(R, "turn_start", null, seat);
  closeFrame(R);
  settle(R);
  checkHeroes(R);
}

export function endTurn(R: Resolver): void {
  const s = R.s;
  const seat = s.current;
  openFrame(R);
  fire(R, "turn_end", null, seat);
  closeFrame(R);
  for (let p = 0; p < 2; p++) for (const m of s.players[p].board) m.tmpAtk = 0;
  // frozen characters thaw at the end of their owner's turn unless they attacked this turn
  for (const m of s.players[seat].board) if (m.frozen && m.attacks === 0) m.frozen = false;
  s.players[seat].hero.frozen = false;
  settle(R);
  R.ev.push({ type: "turn_end", seat });
  if (checkHeroes(R)) return;
  if (s.turn >= TURN_LIMIT) {
    finish(R, null, "turn_limit");
    return;
  }
  startTurn(R, (1 - seat) as Seat);
}
