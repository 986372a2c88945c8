// Executes already-validated intents on the state being built (apply has cloned it already).
import type { GameEvent, Minion, Seat } from "./types";
import { charId, isHero, type Char } from "./chars";
import { CARDS } from "./catalog";
import { closeFrame, openFrame, type Resolver } from "./resolver";
import { KW } from "./keywords";
import { attackOf } from "./stats";
import { dealDamage } from "./combat";
import { appended, makeMinion, newEntityId, opaqueId, placeMinion } from "./zones";
import { runEffect } from "./run-effect";
import { fire } from "./triggers";
import { settle } from "./deaths";
import { checkHeroes } from "./outcome";
import { startGame } from "./turns";
import { shuffleInPlace } from "./rng";

export function doMulligan(R: Resolver, seat: Seat, replace: string[]): void {
  const s = R.s;
  const p = s.players[seat];
  // a deck shorter than the replace list (only possible with unvalidated decks) limits the swap
  const out = p.hand.filter((c) => replace.includes(c.id)).slice(0, p.deck.length);
  p.hand = p.hand.filter((c) => !out.includes(c));
  const drawn: { id: string; card: string }[] = [];
  // the deck array is never mutated in place (see clone.ts forkState): work on a copy
  const deck = p.deck.slice();
  for (let i = 0; i < out.length; i++) {
    const card = deck.pop()!;
    const id = newEntityId(s);
    p.hand.push({ id, card, opq: p.handSeq++ });
    drawn.push({ id, card });
  }
  // replacements are drawn first, so a replaced card cannot come straight back
  for (const c of out) deck.push(c.card);
  shuffleInPlace(s.rng, deck);
  p.deck = deck;
  p.mulliganed = true;
  R.ev.push({ type: "mulligan", seat, replaced: out.map((c) => c.id), drawn });
  if (s.players[0].mulliganed && s.players[1].mulliganed) startGame(R);
}

export function doPlay(
  R: Resolver,
  seat: Seat,
  handIndex: number,
  target: Char | null,
  position: number | undefined,
): void {
  const s = R.s;
  const p = s.players[seat];
  const hc = p.hand[handIndex];
  const def = CARDS[hc.card];
  p.mana -= def.cost;
  p.hand.splice(handIndex, 1);
  const played: GameEvent & { type: "play" } = {
    type: "play",
    seat,
    id: hc.id,
    card: hc.card,
    opaque: opaqueId(hc.opq),
  };
  if (target) played.target = charId(target);
  if (position !== undefined) played.position = position;
  R.ev.push(played);
  openFrame(R);
  if (def.type === "minion") {
    const m = makeMinion(s, hc.card, seat, hc.id);
    placeMinion(R, m, position ?? p.board.length);
    if (def.battlecry) runEffect(R, def.battlecry, { seat, source: m, chosen: target, event: null, pos: -1 });
  } else {
    p.graveyard = appended(p.graveyard, hc.card);
    runEffect(R, def.effect!, { seat, source: null, chosen: target, event: null, pos: -1 });
    fire(R, "spell_cast", null, seat);
  }
  closeFrame(R);
  settle(R);
  checkHeroes(R);
}

export function doAttack(R: Resolver, attacker: Minion, target: Char): void {
  attacker.attacks++;
  attacker.kw &= ~KW.stealth;
  R.ev.push({ type: "attack", attacker: attacker.id, target: charId(target) });
  const dealt = attackOf(attacker);
  const back = isHero(target) ? 0 : attackOf(target);
  openFrame(R);
  dealDamage(R, attacker, target, dealt);
  if (!isHero(target)) dealDamage(R, target, attacker, back);
  closeFrame(R);
  settle(R);
  checkHeroes(R);
}
