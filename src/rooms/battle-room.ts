import { randomUUID } from "node:crypto";
import { CloseCode, ErrorCode, Room, ServerError, type Client, type Messages } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Seat } from "../game";
import { BattleSession, type BattleSessionOutput } from "../battle/battle-session";
import { battleMetrics } from "../battle/battle-metrics";
import { parseIntentMessage, type IntentMessageType } from "../battle/intent-messages";
import { errorFields, log } from "../logger";
import { sessionDeps, type BattleRoomDeps } from "./battle/battle-room-deps";
import type { BattleState } from "./battle/battle-state";
import { BattleWire, send } from "./battle/battle-wire";
import { battleCreateOptions } from "./battle/create-options";
import { roomClock } from "./battle/room-clock";
import { authenticateBattleJoin, isSpectatorAuth, Spectators, type SpectatingDeps, type SpectatorAuth } from "./battle/spectators";
import { MessageBudget } from "./message-budget";
import { enforceBans } from "./ban-enforcement";
import { bindSeatsToTokens } from "./battle/seat-binding";

export { AFK_TIMEOUTS } from "../battle/battle-session";

/** How often the room clock runs due timers: their resolution, and one wake-up per room each time. */
const CLOCK_TICK_MS = 250;

interface BattleClientData {
  seat: Seat;
  budget: MessageBudget;
}

/**
 * Authoritative 1v1 battle: maps Colyseus hooks and messages onto the match session (src/battle/battle-session.ts)
 * and its wire (./battle/battle-wire.ts). Only the matchmaker creates it, and seat reservations are the only way in.
 * Servers register a subclass with its dependencies: battleRoomType(deps).
 */
export abstract class BattleRoom extends Room<{ state: BattleState }> {
  maxClients = 2;
  maxMessagesPerSecond = 20;
  protected abstract readonly deps: BattleRoomDeps;
  protected readonly spectating: SpectatingDeps | undefined = undefined;
  private spectators!: Spectators;
  private session!: BattleSession<Client>;
  private wire!: BattleWire;
  private messageBudget = 20;
  private stopBans: (() => void) | null = null;

  // Every intent type has its handler (the `Record` part fails to compile otherwise); `_` answers the rest.
  messages: Messages<BattleRoom> & Record<IntentMessageType | "sync" | "_", unknown> = {
    mulligan(client: Client, message: unknown) { this.intent(client, "mulligan", message); },
    play(client: Client, message: unknown) { this.intent(client, "play", message); },
    attack(client: Client, message: unknown) { this.intent(client, "attack", message); },
    end_turn(client: Client, message: unknown) { this.intent(client, "end_turn", message); },
    concede(client: Client, message: unknown) { this.intent(client, "concede", message); },
    /** A client that registered its handlers late (or just reconnected) asks for its current `legal` list. */
    sync(client: Client) {
      if (this.spectators.refuse(client, this.session.stateId)) return;
      const seat = this.seatOf(client);
      if (seat !== null && this.withinBudget(client)) this.wire.resendLegal(client, seat);
    },
    _(client: Client, type: unknown) {
      if (this.spectators.refuse(client, this.session.stateId) || !this.withinBudget(client)) return;
      send(client, "error", { code: "unknown_message", message: `unknown message type '${String(type).slice(0, 32)}'`, stateId: this.session.stateId });
    },
  };

  /** Clients cannot create or join battles as players (the matchmaker reserves seats); battleRoomType admits spectators. */
  static async onAuth(token: unknown, options: unknown): Promise<SpectatorAuth> {
    return authenticateBattleJoin(undefined, token, options);
  }

  async onCreate(rawOptions: unknown): Promise<void> {
    const options = battleCreateOptions.parse(rawOptions);
    const settings = this.deps.settings();
    const timers = {
      turn: options.timers?.turn ?? settings.turnSeconds,
      mulligan: options.timers?.mulligan ?? settings.mulliganSeconds,
      reconnect: options.timers?.reconnect ?? settings.reconnectSeconds,
      join: options.timers?.join ?? settings.joinSeconds,
    };
    // Over the per-client budget a message is refused with `error`; far over it Colyseus disconnects.
    this.messageBudget = settings.maxMessagesPerSecond;
    this.maxMessagesPerSecond = settings.maxMessagesPerSecond * 5;
    this.seatReservationTimeout = timers.join + 5;
    this.autoDispose = true;

    const decks = await Promise.all(options.players.map((p) => this.deps.loadDeck(p.steamId, p.deckId)));
    decks.forEach((deck, i) => {
      if (!deck) throw new ServerError(ErrorCode.APPLICATION_ERROR, `deck ${options.players[i].deckId} not found for its player`);
    });
    const seats = options.players.map((p, i) => ({ steamId: p.steamId, deckId: p.deckId, deck: decks[i]!, enqueuedAt: p.enqueuedAt ?? Date.now() }));
    this.session = new BattleSession(
      { matchId: randomUUID(), mode: options.mode, seed: options.seed, seats: [seats[0], seats[1]], timers },
      sessionDeps(this.deps, this.roomId, roomClock(this, (err) => this.onUncaughtException(err, "timer"))),
      this.sessionOutput(),
    );
    // Phase is `mulligan` from the start; until both players are in, turnDeadline stays 0 and no `legal` is sent.
    this.wire = new BattleWire(this, this.session, () => this.spectators.list);
    this.setState(this.wire.state);
    const steamIds = seats.map((s) => s.steamId);
    const watchable = this.spectating && this.spectating.maxSpectators > 0 ? await this.spectating.allowedFor(steamIds) : false;
    this.spectators = new Spectators(this.wire.state, watchable, this.spectating?.maxSpectators ?? 0, steamIds, settings.maxMessagesPerSecond);
    this.maxClients = 2 + this.spectators.capacity;
    // Patches go out right after each change (see BattleWire.publish), not on an interval: one write per action.
    // Without a patch interval Colyseus ticks the room clock at 60 Hz; the clock only runs this room's
    // timers (seconds long), so a slow tick replaces it (docs/BENCHMARKS.md, bench:ccu).
    this.setSimulationInterval(() => undefined, CLOCK_TICK_MS);
    this.setPatchRate(null);
    // No SteamIDs in the listing until the game starts (dodging): `started` adds them.
    this.setMetadata({ matchId: this.session.matchId, players: [], mode: options.mode, spectate: watchable, turn: 0, spectators: 0 });
    battleMetrics.battlesActive++;
    this.stopBans = enforceBans(this.deps.banList, () => this.clients, (client, code, message) => this.expel(client, code, message));
  }

  /** Banned or revoked while seated: a running game is forfeited with end reason `banned`. */
  private expel(client: Client, code: "banned" | "session_revoked", message: string): void {
    const seat = this.seatOf(client);
    if (seat === null) return;
    send(client, "error", { code, message, stateId: this.session.stateId });
    this.session.expel(seat, "banned");
    this.clock.setTimeout(() => client.leave(4003), 600);
  }

  onJoin(client: Client, _options: unknown, auth: unknown): void {
    if (isSpectatorAuth(auth)) {
      this.spectators.admit(client, auth, this.session.finished);
      return this.spectatorsChanged();
    }
    const seat = this.session.seatOf((client.auth as { steamId?: string } | undefined)?.steamId);
    if (seat === null) throw new ServerError(ErrorCode.AUTH_FAILED, "this seat is not yours");
    if (this.session.seats[seat].connection) throw new ServerError(ErrorCode.AUTH_FAILED, "already seated");
    client.userData = { seat, budget: new MessageBudget(this.messageBudget) } satisfies BattleClientData;
    client.view = new StateView();
    for (const viewed of this.wire.viewedBy(seat)) client.view.add(viewed);
    this.session.join(seat, client);
  }

  async onDrop(client: Client): Promise<void> {
    const seat = this.seatOf(client);
    if (seat === null || !this.session.drop(seat)) return;
    try {
      await this.allowReconnection(client, this.session.reconnectSeconds);
    } catch {
      // Not back in time (or the room is disposing): onLeave decides.
    }
  }

  onReconnect(client: Client): void {
    const seat = this.seatOf(client);
    if (seat === null) return;
    this.session.reconnect(seat, client);
    this.wire.resendLegal(client, seat);
  }

  onLeave(client: Client): void {
    if (this.spectators.remove(client)) {
      if (!this.session.finished) this.spectatorsChanged();
      return;
    }
    const seat = this.seatOf(client);
    if (seat !== null) this.session.leave(seat);
  }

  onBeforeShutdown(): void {
    // A running game finishes (the process waits for rooms to dispose). One that never started is dropped,
    // and both players keep their place in the queue, as when an opponent does not show up.
    void this.session.shutdown()?.finally(() => this.disconnect(CloseCode.SERVER_SHUTDOWN));
  }

  onUncaughtException(error: unknown, method: string): void {
    log.error("battle room exception", { roomId: this.roomId, matchId: this.session?.matchId, method, ...errorFields(error) });
  }

  onDispose(): void {
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
        this.clock.setTimeout(() => this.disconnect(), 250);
      },
      finished: (results) => {
        for (const { connection, result } of results) send(connection, "result", result);
        this.clock.setTimeout(() => this.disconnect(), 500);
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
    const listing = this.spectators.listing(this.metadata, this.session.engine.turn);
    if (listing) void this.setMetadata(listing);
  }

  private seatOf(client: Client): Seat | null {
    const seat = (client.userData as BattleClientData | undefined)?.seat;
    return seat === 0 || seat === 1 ? seat : null;
  }

  private error(client: Client, code: string, message: string): void {
    battleMetrics.intentsRejected++;
    send(client, "error", { code, message, stateId: this.session.stateId });
  }

  private withinBudget(client: Client): boolean {
    if ((client.userData as BattleClientData | undefined)?.budget.take() !== false) return true;
    this.error(client, "rate_limited", `more than ${this.messageBudget} messages per second; message dropped`);
    return false;
  }

  private intent(client: Client, type: IntentMessageType, payload: unknown): void {
    if (this.spectators.refuse(client, this.session.stateId)) return;
    const seat = this.seatOf(client);
    if (seat === null || !this.withinBudget(client)) return;
    const parsed = parseIntentMessage(type, payload);
    const refusal =
      this.session.closedReason() ??
      (parsed.ok ? this.session.act(seat, parsed.intent, parsed.stateId) : invalidMessage(parsed.message));
    if (refusal) this.error(client, refusal.code, refusal.message);
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

const invalidMessage = (message: string) => ({ code: "invalid_message", message });
