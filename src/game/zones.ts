// Moving cards between deck, hand, board and graveyard.
import type { Minion, Seat, State } from "./types";
import { BOARD_LIMIT, HAND_LIMIT } from "./constants";
import { CARDS } from "./catalog";
import type { Resolver } from "./resolver";
import { HERO_REFS } from "./chars";
import { dealDamage } from "./combat";
import { fire } from "./triggers";

/** `arr` plus `x` as a new array: deck and graveyard arrays are never mutated in place (see clone.ts forkState). */
export function appended(arr: string[], x: string): string[] {
  const n = arr.length;
  const out = new Array<string>(n + 1);
  for (let i = 0; i < n; i++) out[i] = arr[i];
  out[n] = x;
  return out;
}

/** "o0".."o63" built once: hands rarely see more cards than that */
const OPAQUE_IDS: readonly string[] = Array.from({ length: 64 }, (_, i) => `o${i}`);
export function opaqueId(opq: number): string {
  return OPAQUE_IDS[opq] ?? `o${opq}`;
}

export function newEntityId(s: State): string {
  return `e${s.nextId++}`;
}

/** Puts a card into a hand (or burns it when the hand is full). Returns the entity id or null if burned. */
export function putInHand(R: Resolver, seat: Seat, card: string, how: "draw" | "card_given"): string | null {
  const p = R.s.players[seat];
  if (p.hand.length >= HAND_LIMIT) {
    p.graveyard = appended(p.graveyard, card);
    R.ev.push({ type: "burn", seat, card });
    return null;
  }
  const id = newEntityId(R.s);
  const opq = p.handSeq++;
  p.hand.push({ id, card, opq });
  R.ev.push({ type: how, seat, id, card, opaque: opaqueId(opq) });
  return id;
}

export function drawCard(R: Resolver, seat: Seat): void {
  const p = R.s.players[seat];
  const n = p.deck.length;
  if (n === 0) {
    p.fatigue++;
    R.ev.push({ type: "fatigue", seat, damage: p.fatigue });
    dealDamage(R, null, HERO_REFS[seat], p.fatigue);
    return;
  }
  const card = p.deck[n - 1];
  p.deck = p.deck.slice(0, n - 1);
  putInHand(R, seat, card, "draw");
}

export function giveCard(R: Resolver, seat: Seat, card: string): void {
  R.s.players[seat].created++;
  putInHand(R, seat, card, "card_given");
}

export function makeMinion(s: State, card: string, owner: Seat, id: string): Minion {
  const def = CARDS[card];
  return {
    id,
    card,
    owner,
    order: s.nextOrder++,
    atk: def.attack,
    hp: def.health,
    dmg: 0,
    tmpAtk: 0,
    auraAtk: 0,
    auraHp: 0,
    kw: def.kwMask,
    tx: def.txMask,
    sick: true,
    attacks: 0,
    frozen: false,
    silenced: false,
    dead: false,
  };
}

/** Places a minion on the board (played or summoned) and fires summon triggers. */
export function placeMinion(R: Resolver, m: Minion, position: number): void {
  const board = R.s.players[m.owner].board;
  const pos = position < 0 || position > board.length ? board.length : position;
  board.splice(pos, 0, m);
  R.ev.push({ type: "summon", seat: m.owner, id: m.id, card: m.card, position: pos });
  fire(R, "minion_summoned", m, m.owner);
}

/** Summons a token/minion from an effect. Returns null when the board is full. */
export function summonMinion(R: Resolver, seat: Seat, card: string, position: number): Minion | null {
  const p = R.s.players[seat];
  if (p.board.length >= BOARD_LIMIT) return null;
  p.created++;
  const m = makeMinion(R.s, card, seat, newEntityId(R.s));
  placeMinion(R, m, position);
  return m;
}
