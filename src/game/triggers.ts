// Finds minions whose triggers match an event and queues their effects in play order.
import type { Minion, Seat, Trigger, TriggerEvent } from "./types";
import { CARDS } from "./catalog";
import { enqueue, type Resolver } from "./resolver";
import { TX_EVENT } from "./text-mask";

const TX_DAMAGED = TX_EVENT.damaged;
const TX_SUMMONED = TX_EVENT.minion_summoned;
const TX_DIED = TX_EVENT.minion_died;
const TX_TURN_START = TX_EVENT.turn_start;
const TX_TURN_END = TX_EVENT.turn_end;

const DEFAULT_SIDE: Record<TriggerEvent, string> = {
  turn_start: "friendly",
  turn_end: "friendly",
  minion_died: "any",
  minion_summoned: "any",
  damaged: "self",
  spell_cast: "friendly",
};

/**
 * `subject` is the minion the event is about (died/summoned/damaged), `seat` the player the event
 * belongs to (whose turn / who cast / subject owner).
 */
export function fire(R: Resolver, on: TriggerEvent, subject: Minion | null, seat: Seat): void {
  // a switch instead of TX_EVENT[on]: a keyed load with a varying key is slow on this hot path
  let bit: number;
  switch (on) {
    case "damaged":
      bit = TX_DAMAGED;
      break;
    case "minion_summoned":
      bit = TX_SUMMONED;
      break;
    case "minion_died":
      bit = TX_DIED;
      break;
    case "turn_start":
      bit = TX_TURN_START;
      break;
    case "turn_end":
      bit = TX_TURN_END;
      break;
    default:
      bit = TX_EVENT[on];
  }
  let matches: { m: Minion; t: Trigger }[] | null = null;
  const players = R.s.players;
  for (let p = 0; p < 2; p++) {
    const board = players[p].board;
    for (let i = 0; i < board.length; i++) {
      const m = board[i];
      if (!(m.tx & bit)) continue;
      const triggers = CARDS[m.card].triggers;
      if (!triggers) continue;
      for (const t of triggers) {
        if (t.on !== on) continue;
        const side = t.side ?? DEFAULT_SIDE[on];
        if (subject === m && on !== "damaged") continue;
        const ok =
          side === "any"
            ? true
            : side === "self"
              ? subject === m
              : side === "friendly"
                ? m.owner === seat
                : m.owner !== seat;
        if (!ok) continue;
        matches ??= [];
        matches.push({ m, t });
      }
    }
  }
  if (!matches) return;
  if (matches.length > 1) matches.sort((a, b) => a.m.order - b.m.order);
  for (const { m, t } of matches)
    enqueue(R, t.effect, { seat: m.owner, source: m, chosen: null, event: subject, pos: -1 });
}
