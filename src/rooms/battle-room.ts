import { randomUUID } from "node:crypto";
import { CloseCode, ErrorCode, Room, ServerError, type Client, type Messages } from "@colyseus/core";
import { BattleSession, type BattleSessionOutput } from "../battle/battle-session";
import { battleMetrics } from "../battle/battle-metrics";
import type { IntentMessageType } from "../battle/intent-messages";
import { errorFields, log } from "../logger";
import { enforceBans } from "./ban-enforcement";
import { intentHandlers, seatClient, seatOf } from "./battle/battle-clients";
import { BattleInbox } from "./battle/battle-inbox";
import { sessionDeps, type BattleRoomDeps } from "./battle/battle-room-deps";
import { initialListing, loadSeats, matchTimers, type BattleListing } from "./battle/battle-setup";
import type { BattleState } from "./battle/battle-state";
import { BattleWire, send } from "./battle/battle-wire";
import { battleCreateOptions } from "./battle/create-options";
import { RoomTimers } from "./battle/room-timers";
import { bindSeatsToTokens } from "./battle/seat-binding";
import {
  authenticateBattleJoin,
  isSpectatorAuth,
  Spectators,
  type SpectatingDeps,
  type SpectatorAuth,
} from "./battle/spectators";

export { AFK_TIMEOUTS } from "../battle/battle-session";

/** The longest delay a Node timer takes (about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Authoritative 1v1 battle: maps Colyseus hooks and messages onto the match session (src/battle/battle-session.ts)
 * and its wire (./battle/battle-wire.ts). Only the matchmaker creates it, and seat reservations are the only way in.
 * Servers register a subclass with its dependencies: battleRoomType(deps).
 */
export abstract class BattleRoom extends Room<{ state: BattleState; metadata: BattleListing }> {
  maxClients = 2;
  maxMessagesPerSecond = 20;
  protected abstract readonly deps: BattleRoomDeps;
  protected readonly spectating: SpectatingDeps | undefined = undefined;
  private spectators!: Spectators;
  private session!: BattleSession<Client>;
  private wire!: BattleWire;
  private inbox!: BattleInbox;
  private stopBans: (() => void) | null = null;
  private readonly timers = new RoomTimers((err) => this.onUncaughtException(err, "timer"));

  // Every intent type has its handler (the `Record` part fails to compile otherwise); `_` answers the rest.
  messages: Messages<BattleRoom> & Record<IntentMessageType | "sync" | "_", unknown> = {
    ...intentHandlers((client, type, message) => this.inbox.intent(client, type, message)),
    sync(client: Client) {
      this.inbox.sync(client);
    },
    _(client: Client, type: unknown) {
      this.inbox.unknown(client, type);
    },
  };

  /** Clients cannot create or join battles as players (the matchmaker reserves seats); battleRoomType admits spectators. */
  static async onAuth(token: unknown, options: unknown): Promise<SpectatorAuth> {
    return authenticateBattleJoin(undefined, token, options);
  }

  async onCreate(rawOptions: unknown): Promise<void> {
    const options = battleCreateOptions.parse(rawOptions);
    const settings = this.deps.settings();
    const timers = matchTimers(options, settings);
    // Over the per-client budget a message is refused with `error`; far over it Colyseus disconnects.
    this.maxMessagesPerSecond = settings.maxMessagesPerSecond * 5;
    this.seatReservationTimeout = timers.join + 5;
    this.autoDispose = true;
    const seats = await loadSeats(this.deps, options);
    this.session = new BattleSession(
      { matchId: randomUUID(), mode: options.mode, seed: options.seed, seats, timers },
      sessionDeps(this.deps, this.roomId, this.timers),
      this.sessionOutput(),
    );
    // Phase is `mulligan` from the start; until both players are in, turnDeadline stays 0 and no `legal` is sent.
    this.wire = new BattleWire(this, this.session, () => this.spectators.list);
    this.setState(this.wire.state);
    const steamIds = seats.map((s) => s.steamId);
    const cap = this.spectating?.maxSpectators ?? 0;
    const watchable = cap > 0 && (await this.spectating?.allowedFor(steamIds)) === true;
    this.spectators = new Spectators(this.wire.state, watchable, cap, steamIds, settings.maxMessagesPerSecond);
    this.maxClients = 2 + this.spectators.capacity;
    // Patches go out right after each change (BattleWire.publish). Without a patch or simulation interval Colyseus
    // ticks the room clock at 60 Hz; the timers are RoomTimers, so the simulation interval is one that never comes.
    this.setSimulationInterval(() => undefined, LONGEST_TIMER_MS);
    this.setPatchRate(null);
    this.setMetadata(initialListing(this.session.matchId, options.mode, watchable));
    battleMetrics.battlesActive++;
    this.inbox = new BattleInbox(this.session, this.wire, this.spectators, settings.maxMessagesPerSecond);
    const onBanned = (client: Client, code: "banned" | "session_revoked", message: string) => {
      if (this.inbox.expel(client, code, message)) this.timers.after(600, () => client.leave(4003));
    };
    this.stopBans = enforceBans(this.deps.banList, () => this.clients, onBanned);
  }

  onJoin(client: Client, _options: unknown, auth: unknown): void {
    if (isSpectatorAuth(auth)) {
      this.spectators.admit(client, auth, this.session.finished);
      this.spectatorsChanged();
      return;
    }
    const seat = this.session.seatOf((client.auth as { steamId?: string } | undefined)?.steamId);
    if (seat === null) throw new ServerError(ErrorCode.AUTH_FAILED, "this seat is not yours");
    if (this.session.seats[seat].connection) throw new ServerError(ErrorCode.AUTH_FAILED, "already seated");
    seatClient(client, seat, this.deps.settings().maxMessagesPerSecond, this.wire.viewedBy(seat));
    this.session.join(seat, client);
  }

  async onDrop(client: Client): Promise<void> {
    const seat = seatOf(client);
    if (seat === null || !this.session.drop(seat)) return;
    // Not back in time (or the room is disposing): onLeave decides.
    await this.allowReconnection(client, this.session.reconnectSeconds).catch(() => undefined);
  }

  onReconnect(client: Client): void {
    const seat = seatOf(client);
    if (seat === null) return;
    this.session.reconnect(seat, client);
    this.wire.resendLegal(client, seat);
  }

  onLeave(client: Client): void {
    const seat = seatOf(client);
    if (this.spectators.remove(client) && !this.session.finished) this.spectatorsChanged();
    else if (seat !== null) this.session.leave(seat);
  }

  onBeforeShutdown(): void {
    // A running game finishes (the process waits for rooms to dispose). One that never started is dropped,
    // and both players keep their place in the queue, as when an opponent does not show up.
    void this.session.shutdown()?.finally(() => this.disconnect(CloseCode.SERVER_SHUTDOWN));
  }

  onUncaughtException(error: unknown, method: string): void {
    log.error("battle room exception", {
      roomId: this.roomId,
      matchId: this.session?.matchId,
      method,
      ...errorFields(error),
    });
  }

  onDispose(): void {
    this.timers.clearAll();
    this.stopBans?.();
    battleMetrics.battlesActive--;
    this.session?.dispose();
  }

  private sessionOutput(): BattleSessionOutput<Client> {
    return {
      publish: (events, withLegal) => {
        this.wire.publish(events, withLegal);
        this.updateListing();
      },
      // A watchable battle stays unlocked: joinById refuses locked rooms (onAuth still admits spectators only).
      started: () => {
        void this.setMetadata({ ...this.metadata, players: this.session.seats.map((s) => s.steamId) });
        if (!this.spectators.allowed) void this.lock();
      },
      cancelled: (present) => {
        for (const client of present) send(client, "cancelled", { reason: "opponent_absent" });
        this.timers.after(250, () => void this.disconnect());
      },
      finished: (results) => {
        for (const { connection, result } of results) send(connection, "result", result);
        this.timers.after(500, () => void this.disconnect());
      },
    };
  }

  /** Everyone's `spectators` count and the listing follow a spectator's join or leave. */
  private spectatorsChanged(): void {
    this.wire.publish([], false);
    this.updateListing();
  }

  /** GET /api/battles/live reads each watchable battle's turn and spectator count from its listing. */
  private updateListing(): void {
    const listing = this.spectators.listing(this.metadata, this.session.engine.turn, Date.now());
    if (listing) void this.setMetadata(listing);
  }
}

/** The battle room class to register, bound to its dependencies. */
export function battleRoomType(deps: BattleRoomDeps, spectating?: SpectatingDeps): new () => BattleRoom {
  const roomClass = class extends BattleRoom {
    protected readonly deps = deps;
    protected readonly spectating = spectating;

    static async onAuth(token: unknown, options: unknown) {
      return authenticateBattleJoin(spectating, token, options);
    }
  };
  bindSeatsToTokens(roomClass, deps.authenticate);
  return roomClass;
}
