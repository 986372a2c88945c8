// What a viewer may see of a match, declared once. view() (view.ts) builds a seat's view from it, and the
// battle room's schema sync (src/rooms/battle/) writes the same values and gives each client's StateView
// exactly the hands seesHand() allows. test/battle/projection-fuzz.test.ts checks that the two agree.
import type { HandCard, HeroView, MinionView, PlayerState, Seat, SideView, State } from "./types";
import { CARDS } from "./catalog";
import { keywordList } from "./keywords";
import { attackOf, healthOf, maxHealthOf } from "./stats";
import { opaqueId } from "./zones";

/** Who looks at a match: one of its seats, or a spectator, who sees neither hand. */
export type Viewer = Seat | "spectator";

/**
 * The one rule of hidden information: a hand's cards (entity id, card, cost) are seen by its owner only;
 * every viewer sees its size and the cards' opaque ids. Decks (order and content), the seed, the PRNG and
 * graveyards are seen by nobody; everything else in a side is public.
 */
export function seesHand(viewer: Viewer, owner: Seat): boolean {
  return viewer === owner;
}

/** The public phase name on the wire: the engine's `over` is `ended` there. */
export function wirePhase(state: State): "mulligan" | "playing" | "ended" {
  return state.phase === "over" ? "ended" : state.phase;
}

/** What a hand's owner sees of one of its cards. */
export function handCardView(c: HandCard): { id: string; card: string; cost: number } {
  return { id: c.id, card: c.card, cost: handCardCost(c) };
}

export function handCardCost(c: HandCard): number {
  return CARDS[c.card].cost;
}

/** What everyone else sees of a hand's card. */
export function hiddenCardView(c: HandCard): { opaque: string } {
  return { opaque: opaqueId(c.opq) };
}

export function minionView(m: State["players"][number]["board"][number]): MinionView {
  return {
    id: m.id,
    card: m.card,
    attack: attackOf(m),
    health: healthOf(m),
    maxHealth: maxHealthOf(m),
    keywords: keywordList(m.kw),
    sick: m.sick,
    frozen: m.frozen,
    silenced: m.silenced,
    attacks: m.attacks,
  };
}

/** The public part of one side: the same for every viewer. */
export function sideView(state: State, seat: Seat): SideView {
  const p: PlayerState = state.players[seat];
  const hero: HeroView = {
    health: p.hero.health,
    maxHealth: p.hero.maxHealth,
    armor: p.hero.armor,
    frozen: p.hero.frozen,
  };
  return {
    seat,
    hero,
    mana: p.mana,
    maxMana: p.maxMana,
    deckCount: p.deck.length,
    handCount: p.hand.length,
    board: p.board.map(minionView),
    fatigue: p.fatigue,
    mulliganed: p.mulliganed,
  };
}

/** One side as `viewer` sees it: the public part and the hand, in full or hidden as seesHand() says. */
export function projectSide(
  state: State,
  seat: Seat,
  viewer: Viewer,
): SideView & { hand: Array<{ id: string; card: string; cost: number } | { opaque: string }> } {
  const hand = state.players[seat].hand;
  return { ...sideView(state, seat), hand: seesHand(viewer, seat) ? hand.map(handCardView) : hand.map(hiddenCardView) };
}
