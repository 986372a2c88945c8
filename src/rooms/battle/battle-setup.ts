import { ErrorCode, ServerError } from "@colyseus/core";
import type { SessionSeatSetup } from "../../battle/battle-session";
import type { PlayMode } from "../../battle/play-mode";
import type { BattleRoomDeps, BattleSettings } from "./battle-room-deps";
import type { BattleCreateOptions } from "./create-options";

/** A match's time controls: its own `timers` option, else the configured defaults. */
export function matchTimers(options: BattleCreateOptions, settings: BattleSettings) {
  return {
    turn: options.timers?.turn ?? settings.turnSeconds,
    mulligan: options.timers?.mulligan ?? settings.mulliganSeconds,
    reconnect: options.timers?.reconnect ?? settings.reconnectSeconds,
    join: options.timers?.join ?? settings.joinSeconds,
  };
}

/** Both seats with the decks their players bring; throws when a deck is not its player's. */
export async function loadSeats(
  deps: Pick<BattleRoomDeps, "loadDeck">,
  options: BattleCreateOptions,
): Promise<[SessionSeatSetup, SessionSeatSetup]> {
  const decks = await Promise.all(options.players.map((p) => deps.loadDeck(p.steamId, p.deckId)));
  const seats = options.players.map((p, i) => {
    const deck = decks[i];
    if (!deck) throw new ServerError(ErrorCode.APPLICATION_ERROR, `deck ${p.deckId} not found for its player`);
    return { steamId: p.steamId, deckId: p.deckId, deck, enqueuedAt: p.enqueuedAt ?? Date.now() };
  });
  return [seats[0], seats[1]];
}

/** The room listing GET /api/battles/live reads (cluster-wide). */
export interface BattleListing {
  matchId: string;
  /** Empty until both players have joined: the opponent stays unknown to a player who might dodge. */
  players: string[];
  mode: PlayMode;
  spectate: boolean;
  turn: number;
  spectators: number;
}

export function initialListing(matchId: string, mode: PlayMode, spectate: boolean): BattleListing {
  return { matchId, players: [], mode, spectate, turn: 0, spectators: 0 };
}
