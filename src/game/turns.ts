// Turn structure: game start after the mulligan, start of turn, end of turn.
import type { Seat } from './types';
import { COIN_CARD as COIN_CARD_, MAX_MANA as MAX_MANA_, TURN_LIMIT as TURN_LIMIT_ } from './constants';
import { closeFrame as closeFrame_, inFrame as inFrame_, openFrame as openFrame_, type Resolver } from './resolver';
import { drawCard as drawCard_, giveCard as giveCard_ } from './zones';
import { fire as fire_ } from './triggers';
import { settle as settle_ } from './deaths';
import { checkHeroes as checkHeroes_, finish as finish_ } from './outcome';

// local copies: cross-module bindings compile to getters, which are slow on hot paths
const COIN_CARD = COIN_CARD_;
const MAX_MANA = MAX_MANA_;
const TURN_LIMIT = TURN_LIMIT_;
const inFrame = inFrame_;
const openFrame = openFrame_;
const closeFrame = closeFrame_;
const drawCard = drawCard_;
const giveCard = giveCard_;
const fire = fire_;
const settle = settle_;
const checkHeroes = checkHeroes_;
const finish = finish_;

export function startGame(R: Resolver): void {
  const s = R.s;
  s.phase = 'playing';
  R.ev.push({ type: 'game_start', first: s.first });
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
  for (const m of p.board) { m.sick = false; m.attacks = 0; }
  R.ev.push({ type: 'turn_start', seat, turn: s.turn });
  openFrame(R);
  drawCard(R, seat);
  fire(R, 'turn_start', null, seat);
  closeFrame(R);
  settle(R);
  checkHeroes(R);
}

export function endTurn(R: Resolver): void {
  const s = R.s;
  const seat = s.current;
  openFrame(R);
  fire(R, 'turn_end', null, seat);
  closeFrame(R);
  for (let p = 0; p < 2; p++) for (const m of s.players[p].board) m.tmpAtk = 0;
  // frozen characters thaw at the end of their owner's turn unless they attacked this turn
  for (const m of s.players[seat].board) if (m.frozen && m.attacks === 0) m.frozen = false;
  s.players[seat].hero.frozen = false;
  settle(R);
  R.ev.push({ type: 'turn_end', seat });
  if (checkHeroes(R)) return;
  if (s.turn >= TURN_LIMIT) { finish(R, null, 'turn_limit'); return; }
  startTurn(R, (1 - seat) as Seat);
}
