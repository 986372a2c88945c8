import { matchMaker } from "@colyseus/core";
import { roomIsRunning } from "../cluster/room-liveness";
import type { QueueRoomGateway, BattleFactory } from "./match-dispatcher";
import type { PlayMode } from "../battle/play-mode";
import type { Ticket } from "./ticket";

export const BATTLE_ROOM_NAME = "battle";
/** Bound on one presence round trip to a queue room (a dead process must not stall a match for long). */
const CALL_TIMEOUT_MS = 1500;

/** Methods every queue room exposes to matchers on any process (called through matchMaker.remoteRoomCall). */
export interface QueueRoomRemote {
  mmProbe(steamId: string, ticketId: string): boolean;
  mmMatched(steamId: string, ticketId: string, reservation: unknown): boolean;
  mmRequeued(steamId: string, ticketId: string): boolean;
  mmReplaced(steamId: string, ticketId: string): boolean;
}

async function call(roomId: string, method: keyof QueueRoomRemote, args: unknown[]): Promise<boolean> {
  try {
    return (await matchMaker.remoteRoomCall(roomId, method as never, args, CALL_TIMEOUT_MS)) === true;
  } catch {
    return false;
  }
}

/** What the queue room logic reaches through Colyseus, besides the matcher's calls. */
export interface QueueGateway extends QueueRoomGateway {
  replaced(owner: { roomId: string; ticketId: string }, steamId: string): Promise<boolean>;
  /** True while the room (a battle a player is marked in) still runs on some process. */
  roomRunning(roomId: string): Promise<boolean>;
}

/** Presence pub/sub (Colyseus remote room calls) to the queue room holding each client. */
export const colyseusGateway: QueueGateway = {
  probe: (t: Ticket) => call(t.location.roomId, "mmProbe", [t.steamId, t.ticketId]),
  matched: (t: Ticket, reservation: unknown) =>
    call(t.location.roomId, "mmMatched", [t.steamId, t.ticketId, reservation]),
  requeued: (t: Ticket) => call(t.location.roomId, "mmRequeued", [t.steamId, t.ticketId]),
  replaced: (owner, steamId) => call(owner.roomId, "mmReplaced", [steamId, owner.ticketId]),
  roomRunning: roomIsRunning,
};

/** createRoom("battle") on the least-loaded process, then one reservation per player with `{ steamId }` as auth. */
export function colyseusBattleFactory(roomName = BATTLE_ROOM_NAME, mode: PlayMode = "ranked"): BattleFactory {
  return async ({ a, b }, seed) => {
    const room = await matchMaker.createRoom(roomName, {
      mode,
      players: [
        { steamId: a.steamId, deckId: a.deckId, rating: a.rating, enqueuedAt: a.enqueuedAt },
        { steamId: b.steamId, deckId: b.deckId, rating: b.rating, enqueuedAt: b.enqueuedAt },
      ],
      seed,
    });
    const [ra, rb] = await Promise.all([
      matchMaker.reserveSeatFor(room, {}, { steamId: a.steamId }),
      matchMaker.reserveSeatFor(room, {}, { steamId: b.steamId }),
    ]);
    return [ra, rb];
  };
}
