// What one seat may see of the state and of an event list.
import type { GameEvent, PlayerView, Seat, State } from "./types";
import { projectSide, seesHand, type Viewer } from "./projection";

/** What one seat sees of the state (projection.ts declares what that is). */
export function view(state: State, seat: Seat): PlayerView {
  const foe = (1 - seat) as Seat;
  return {
    seat,
    phase: state.phase,
    turn: state.turn,
    current: state.current,
    first: state.first,
    result: state.result ? { winner: state.result.winner, reason: state.result.reason } : null,
    you: projectSide(state, seat, seat) as PlayerView["you"],
    opponent: projectSide(state, foe, seat) as PlayerView["opponent"],
  };
}

/** True when viewEvents() gives the two seats different lists (some event hides a card from one of them). */
export function eventsDifferBySeat(events: GameEvent[]): boolean {
  return events.some((e) => e.type === "draw" || e.type === "card_given" || (e.type === "mulligan" && "replaced" in e));
}

/**
 * Filters events for one viewer: draws, given cards and mulligans keep their card identities only for the
 * viewer who sees that hand (seesHand): the opponent, and a spectator for both seats, get them without.
 */
export function viewEvents(events: GameEvent[], viewer: Viewer): GameEvent[] {
  const out: GameEvent[] = [];
  for (const e of events) {
    if (e.type === "draw" || e.type === "card_given") {
      out.push(seesHand(viewer, e.seat) ? { ...e } : { type: e.type, seat: e.seat, opaque: e.opaque });
    } else if (e.type === "mulligan" && "replaced" in e) {
      out.push(
        seesHand(viewer, e.seat)
          ? { ...e, replaced: e.replaced.slice(), drawn: e.drawn.map((d) => ({ ...d })) }
          : { type: "mulligan", seat: e.seat, count: e.replaced.length },
      );
    } else out.push({ ...e });
  }
  return out;
}
