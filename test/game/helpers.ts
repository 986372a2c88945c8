import assert from "node:assert/strict";
import { apply, createMatch, STARTER_DECKS } from "../../src/game";
import type { GameEvent, Intent, Minion, Seat, State } from "../../src/game";
import { makeMinion } from "../../src/game/zones";
import { recomputeAuras } from "../../src/game/auras";
import { attackOf, healthOf } from "../../src/game/stats";

export const DECKS = [STARTER_DECKS[0].cards, STARTER_DECKS[1].cards];

/** A match in the playing phase at turn 3, seat 0 to act, empty hands and boards, 10 mana each. */
export function sandbox(seed: string | number = "sandbox"): State {
  const s = createMatch({ seed, decks: DECKS, firstSeat: 0 });
  s.phase = "playing";
  s.turn = 3;
  s.current = 0;
  for (const p of s.players) {
    p.deck.push(...p.hand.map((c) => c.card));
    p.hand = [];
    p.board = [];
    p.mana = 10;
    p.maxMana = 10;
    p.mulliganed = true;
  }
  return s;
}

export function addMinion(s: State, seat: Seat, card: string, opts: Partial<Minion> = {}): Minion {
  const m = makeMinion(s, card, seat, `e${s.nextId++}`);
  m.sick = false;
  Object.assign(m, opts);
  s.players[seat].board.push(m);
  s.players[seat].created++;
  recomputeAuras(s);
  return m;
}

export function addHand(s: State, seat: Seat, card: string): string {
  const p = s.players[seat];
  const id = `e${s.nextId++}`;
  p.hand.push({ id, card, opq: p.handSeq++ });
  p.created++;
  return id;
}

export function act(s: State, seat: Seat, intent: Intent): { state: State; events: GameEvent[] } {
  const r = apply(s, seat, intent);
  if (!r.ok) assert.fail(`intent refused: ${r.error.code} ${r.error.message} ${JSON.stringify(intent)}`);
  return { state: r.state, events: r.events };
}

/** Puts `card` in the current player's hand and plays it. */
export function play(
  s: State,
  card: string,
  target?: string,
  position?: number,
): { state: State; events: GameEvent[] } {
  const id = addHand(s, s.current, card);
  const intent: Intent = { type: "play", card: id };
  if (target !== undefined) intent.target = target;
  if (position !== undefined) intent.position = position;
  return act(s, s.current, intent);
}

export const minionById = (s: State, id: string): Minion | undefined =>
  s.players[0].board.find((m) => m.id === id) ?? s.players[1].board.find((m) => m.id === id);
export const boardCards = (s: State, seat: Seat): string[] => s.players[seat].board.map((m) => m.card);
export const statsOf = (m: Minion | undefined): [number, number] | undefined =>
  m ? [attackOf(m), healthOf(m)] : undefined;
export const statsById = (s: State, id: string) => statsOf(minionById(s, id));
export const hero = (s: State, seat: Seat) => s.players[seat].hero;
