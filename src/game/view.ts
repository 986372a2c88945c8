// What one seat may see of the state and of an event list.
import type { GameEvent, HeroView, MinionView, PlayerState, PlayerView, Seat, SideView, State } from './types';
import { CARDS } from './catalog';
import { keywordList } from './keywords';
import { attackOf, healthOf, maxHealthOf } from './stats';
import { opaqueId } from './zones';

function side(s: State, seat: Seat): SideView {
  const p: PlayerState = s.players[seat];
  const hero: HeroView = { health: p.hero.health, maxHealth: p.hero.maxHealth, armor: p.hero.armor, frozen: p.hero.frozen };
  const board: MinionView[] = p.board.map((m) => ({
    id: m.id, card: m.card, attack: attackOf(m), health: healthOf(m), maxHealth: maxHealthOf(m),
    keywords: keywordList(m.kw), sick: m.sick, frozen: m.frozen, silenced: m.silenced, attacks: m.attacks,
  }));
  return {
    seat, hero, mana: p.mana, maxMana: p.maxMana, deckCount: p.deck.length, handCount: p.hand.length,
    board, fatigue: p.fatigue, mulliganed: p.mulliganed,
  };
}

export function view(state: State, seat: Seat): PlayerView {
  const foe = (1 - seat) as Seat;
  return {
    seat,
    phase: state.phase,
    turn: state.turn,
    current: state.current,
    first: state.first,
    result: state.result ? { winner: state.result.winner, reason: state.result.reason } : null,
    you: { ...side(state, seat), hand: state.players[seat].hand.map((c) => ({ id: c.id, card: c.card, cost: CARDS[c.card].cost })) },
    opponent: { ...side(state, foe), hand: state.players[foe].hand.map((c) => ({ opaque: opaqueId(c.opq) })) },
  };
}

/** True when viewEvents() gives the two seats different lists (some event hides a card from one of them). */
export function eventsDifferBySeat(events: GameEvent[]): boolean {
  return events.some((e) => e.type === 'draw' || e.type === 'card_given' || (e.type === 'mulligan' && 'replaced' in e));
}

/** Filters events for one seat: the opponent's draws, given cards and mulligans lose their card identities. */
export function viewEvents(events: GameEvent[], seat: Seat): GameEvent[] {
  const out: GameEvent[] = [];
  for (const e of events) {
    if (e.type === 'draw' || e.type === 'card_given') {
      out.push(e.seat === seat ? { ...e } : { type: e.type, seat: e.seat, opaque: e.opaque });
    } else if (e.type === 'mulligan' && 'replaced' in e) {
      out.push(e.seat === seat
        ? { ...e, replaced: e.replaced.slice(), drawn: e.drawn.map((d) => ({ ...d })) }
        : { type: 'mulligan', seat: e.seat, count: e.replaced.length });
    } else out.push({ ...e });
  }
  return out;
}
