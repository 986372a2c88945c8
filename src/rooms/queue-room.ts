import { ClientState, matchMaker, Room, type Client } from "@colyseus/core";
import type { QueueRoomRemote } from "../matchmaker/colyseus-gateway";
import type { BanList } from "../auth/ban-list";
import { ModeMembers } from "../matchmaker/mode-members";
import type { PlayModeQueues } from "../matchmaker/play-mode-queues";
import type { QueueConnection } from "../matchmaker/queue-members";
import { enforceBans } from "./ban-enforcement";
import type { RoomAuth } from "./room-auth";

export interface QueueRoomDeps {
  /** Every play mode's queue; a join picks one with its `mode` option. */
  playModes: PlayModeQueues;
  authenticate: (token: unknown) => Promise<RoomAuth>;
  /** QUEUE_ROOM_MAX_CLIENTS */
  maxClients: number;
  /** Ban events: a banned (or revoked) waiting player loses the ticket and is closed. */
  banList: Pick<BanList, "onEvent">;
}

function connection(client: Client): QueueConnection {
  return {
    sessionId: client.sessionId,
    send: (type, ...payload) => client.send(type, ...payload),
    leave: (code) => client.leave(code),
    isJoined: () => client.state === ClientState.JOINED,
  };
}

/**
 * The queue of every play mode (`joinOrCreate("queue", { mode?, deckId?, code? })`). A thin adapter: the logic is in
 * src/matchmaker/. Rooms hold at most QUEUE_ROOM_MAX_CLIENTS clients, so a busy cluster spreads queue
 * rooms over processes; the queue itself is shared (Redis), and the matcher reaches a client's room
 * on any process through remote room calls (the mm* methods below).
 */
export abstract class QueueRoom extends Room implements QueueRoomRemote {
  maxMessagesPerSecond = 10;
  protected abstract readonly deps: QueueRoomDeps;
  private members!: ModeMembers;
  private stopBans: (() => void) | null = null;

  onCreate(): void {
    this.maxClients = this.deps.maxClients;
    const mm = this.deps.playModes.ranked;
    this.members = new ModeMembers(this.deps.playModes, { processId: matchMaker.processId, roomId: this.roomId });
    this.onMessage("cancel", (client, payload) => this.members.cancel(client.sessionId, payload));
    this.onMessage("*", (client, type) => this.members.unknownMessage(client.sessionId, type));
    this.clock.setInterval(() => {
      this.members.heartbeat().catch(() => undefined);
    }, mm.heartbeatMs);
    this.clock.setInterval(() => this.members.broadcastSize(), 1000);
    this.stopBans = enforceBans(
      this.deps.banList,
      () => this.clients,
      (client, code, message) => {
        void this.members.expel(client.sessionId, code, message);
      },
    );
  }

  onJoin(client: Client, options: unknown, auth: RoomAuth): void {
    // Not awaited: the join completes first, so an `error` reaches the client before it is left.
    void this.members.admit(connection(client), auth.steamId, options);
  }

  async onLeave(client: Client): Promise<void> {
    await this.members.left(client.sessionId);
  }

  onDispose(): void {
    this.stopBans?.();
    this.members?.dispose();
  }

  mmProbe(steamId: string, ticketId: string): boolean {
    return this.members.probe(steamId, ticketId);
  }

  mmMatched(steamId: string, ticketId: string, reservation: unknown): boolean {
    return this.members.matched(steamId, ticketId, reservation);
  }

  mmRequeued(steamId: string, ticketId: string): boolean {
    return this.members.requeued(steamId, ticketId);
  }

  mmReplaced(steamId: string, ticketId: string): boolean {
    return this.members.replaced(steamId, ticketId);
  }
}

/** The queue room class Colyseus instantiates, bound to this process's matchmaking. */
export function queueRoomType(deps: QueueRoomDeps) {
  return class extends QueueRoom {
    protected readonly deps = deps;

    static async onAuth(token: unknown): Promise<RoomAuth> {
      return deps.authenticate(token);
    }
  };
}
