import { randomUUID } from "node:crypto";
import { CloseCode, ErrorCode, getMessageBytes, Protocol, Room, ServerError, type Client } from "@colyseus/core";
import { Encoder, StateView } from "@colyseus/schema";
import { z } from "zod";
import {
  apply, applyInPlace, createMatch, ENGINE_VERSION, eventsDifferBySeat, forfeit, hash, isToAct, legalActions, replay, viewEvents,
  type GameEvent, type Intent, type Seat, type State,
} from "../game";
import { snapshotDeck } from "../battle/deck-snapshot";
import type { FinishedMatch, LoggedIntent } from "../battle/finished-match";
import { intentMessages, parseIntentMessage, type IntentMessageType } from "../battle/intent-messages";
import type { BattleServerMessage, BattleServerMessageType } from "../battle/battle-messages";
import { syncBattleState } from "../battle/sync-battle-state";
import { battleMetrics } from "../battle/battle-metrics";
import { battleActionSeconds } from "../metrics/registry";
import { clearInBattle, markInBattle } from "../battle/active-battles";
import type { RecordOutcome } from "../battle/result-recorder";
import { grantQueuePriority } from "../matchmaker/queue-priority";
import { errorFields, log } from "../logger";
import { BattlePlayerState, BattleState, HandState } from "./battle-state";
import { roomServices } from "./room-services";
import { withCoalescedWrites } from "./coalesced-writes";
import { MessageBudget } from "./message-budget";

const steamId = z.string().regex(/^\d{17}$/);
const createOptions = z.object({
  players: z
    .array(
      z.object({
        steamId,
        deckId: z.string().uuid(),
        rating: z.number().finite(),
        enqueuedAt: z.number().int().positive().optional(),
      }),
    )
    .length(2)
    .refine((p) => p[0].steamId !== p[1].steamId, "players must differ"),
  seed: z.string().min(1).max(128),
  /** Per-match time controls (seconds); default from configuration. */
  timers: z
    .object({
      turn: z.number().positive().max(3600),
      mulligan: z.number().positive().max(3600),
      reconnect: z.number().positive().max(3600),
      join: z.number().positive().max(3600),
    })
    .partial()
    .optional(),
});

// A battle's full state encodes to ~2 KB; the 16 KB default buffer (two per room) dominated memory per
// battle. The encoder still grows the buffer if a state ever needs more.
Encoder.BUFFER_SIZE = 4 * 1024;

/**
 * Free bytes the encoder keeps past the shared patch before writing a StateView's changes (it grows its
 * buffer to `offset + Encoder.BUFFER_SIZE` otherwise). With the 4 KB buffer size above, the first view
 * patch doubled every room's shared buffer to 8 KB; a view's changes here (a hand) are a few hundred
 * bytes at most, so patches are encoded with this headroom instead and the buffer stays at 4 KB. Larger
 * patches still grow the buffer, in steps of this size.
 */
const PATCH_HEADROOM = 2 * 1024;

/** Sends a server → client message, typed by its schema in src/battle/battle-messages.ts. */
function send<T extends BattleServerMessageType>(client: Client, type: T, payload: BattleServerMessage<T>): void {
  client.send(type, payload);
}

/** How often the room clock runs due timers: their resolution, and one wake-up per room each time. */
const CLOCK_TICK_MS = 250;

/** Consecutive turn timeouts after which the player forfeits as AFK. */
export const AFK_TIMEOUTS = 3;

interface SeatInfo {
  steamId: string;
  deckId: string;
  deck: string[];
  enqueuedAt: number;
  client: Client | null;
  joined: boolean;
  consecutiveTimeouts: number;
}

interface BattleClientData {
  seat: Seat;
  budget: MessageBudget;
}

/**
 * Authoritative 1v1 battle: a thin adapter from Colyseus messages and timers to the pure engine.
 * Only the matchmaker creates it, and seat reservations are the only way in.
 */
export class BattleRoom extends Room<{ state: BattleState }> {
  maxClients = 2;
  maxMessagesPerSecond = 20;

  private engine!: State;
  private seats!: [SeatInfo, SeatInfo];
  private seed = "";
  private matchId = "";
  private startedAt: Date | null = null;
  private intentLog: LoggedIntent[] = [];
  private forfeited: { seat: Seat; reason: string } | null = null;
  private timer: { clear(): void } | null = null;
  private timerKey = "";
  private finished = false;
  private timers!: { turn: number; mulligan: number; reconnect: number; join: number };
  private messageBudget = 20;

  /** Clients cannot create or join battles; the matchmaker reserves seats server-side. */
  static async onAuth(): Promise<never> {
    throw new ServerError(ErrorCode.AUTH_FAILED, "battles are joined only through a seat reservation");
  }

  async onCreate(rawOptions: unknown): Promise<void> {
    const options = createOptions.parse(rawOptions);
    const { config, db } = roomServices();
    this.timers = {
      turn: options.timers?.turn ?? config.TURN_SECONDS,
      mulligan: options.timers?.mulligan ?? config.MULLIGAN_SECONDS,
      reconnect: options.timers?.reconnect ?? config.RECONNECT_SECONDS,
      join: options.timers?.join ?? config.BATTLE_JOIN_TIMEOUT,
    };
    // Over the per-client budget a message is refused with `error`; far over it Colyseus disconnects.
    this.messageBudget = config.BATTLE_MAX_MESSAGES_PER_SECOND;
    this.maxMessagesPerSecond = config.BATTLE_MAX_MESSAGES_PER_SECOND * 5;
    this.seatReservationTimeout = this.timers.join + 5;
    this.autoDispose = true;
    this.matchId = randomUUID();
    this.seed = options.seed;

    const decks = await Promise.all(options.players.map((p) => snapshotDeck(db.knex, p.steamId, p.deckId)));
    decks.forEach((deck, i) => {
      if (!deck) throw new ServerError(ErrorCode.APPLICATION_ERROR, `deck ${options.players[i].deckId} not found for its player`);
    });
    this.seats = options.players.map(
      (p, i): SeatInfo => ({
        steamId: p.steamId,
        deckId: p.deckId,
        deck: decks[i]!,
        enqueuedAt: p.enqueuedAt ?? Date.now(),
        client: null,
        joined: false,
        consecutiveTimeouts: 0,
      }),
    ) as [SeatInfo, SeatInfo];
    this.engine = createMatch({ seed: this.seed, decks: [this.seats[0].deck, this.seats[1].deck] });

    const state = new BattleState();
    state.matchId = this.matchId;
    state.winnerSeat = -1;
    state.stateId = 0;
    state.turnDeadline = 0;
    this.seats.forEach((s, seat) => {
      const player = new BattlePlayerState();
      player.seat = seat;
      player.steamId = s.steamId;
      player.hand = new HandState();
      player.connected = false;
      player.consecutiveTimeouts = 0;
      state.players.push(player);
    });
    // Phase is `mulligan` from the start; until both players are in, turnDeadline stays 0 and no `legal` is sent.
    syncBattleState(state, this.engine);
    this.setState(state);
    // Patches go out right after each change (see publish), not on an interval: one write per action.
    // Without a patch interval Colyseus ticks the room clock at 60 Hz; the clock only runs this room's
    // timers (seconds long), so a slow tick replaces it (docs/BENCHMARKS.md, bench:ccu).
    this.setSimulationInterval(() => undefined, CLOCK_TICK_MS);
    this.setPatchRate(null);
    this.setMetadata({ matchId: this.matchId, players: this.seats.map((s) => s.steamId) });

    for (const type of Object.keys(intentMessages) as IntentMessageType[]) {
      this.onMessage(type, (client, message) => this.handleIntent(client, type, message));
    }
    // A client that registered its handlers late (or just reconnected) asks for its current `legal` list.
    this.onMessage("sync", (client) => {
      const seat = this.seatOf(client);
      if (seat !== null && this.withinBudget(client)) withCoalescedWrites([client], () => this.sendLegal(seat));
    });
    this.onMessage("*", (client, type) => {
      if (!this.withinBudget(client)) return;
      send(client, "error", { code: "unknown_message", message: `unknown message type '${String(type).slice(0, 32)}'`, stateId: this.state.stateId });
    });

    this.after(this.timers.join * 1000, () => this.cancelIfIncomplete());
    battleMetrics.battlesActive++;
  }

  onJoin(client: Client): void {
    const auth = client.auth as { steamId?: string } | undefined;
    const index = this.seats.findIndex((s) => s.steamId === auth?.steamId);
    if (index < 0) throw new ServerError(ErrorCode.AUTH_FAILED, "this seat is not yours");
    const seat = index as Seat;
    const info = this.seats[seat];
    if (info.client) throw new ServerError(ErrorCode.AUTH_FAILED, "already seated");
    info.client = client;
    info.joined = true;
    client.userData = { seat, budget: new MessageBudget(this.messageBudget) } satisfies BattleClientData;
    client.view = new StateView();
    client.view.add(this.state.players[seat]);
    this.state.players[seat].connected = true;
    if (this.seats.every((s) => s.joined) && !this.startedAt) this.startGame();
    else this.publish();
  }

  async onDrop(client: Client): Promise<void> {
    const seat = this.seatOf(client);
    if (seat === null) return;
    this.state.players[seat].connected = false;
    this.publish();
    if (this.finished || !this.startedAt) return;
    try {
      await this.allowReconnection(client, this.timers.reconnect);
    } catch {
      // Not back in time (or the room is disposing): onLeave decides.
    }
  }

  onReconnect(client: Client): void {
    const seat = this.seatOf(client);
    if (seat === null) return;
    this.seats[seat].client = client;
    this.state.players[seat].connected = true;
    this.publish();
    withCoalescedWrites([client], () => this.sendLegal(seat));
  }

  onLeave(client: Client): void {
    const seat = this.seatOf(client);
    if (seat === null) return;
    this.seats[seat].client = null;
    // Gone before the game started: absent, so the join timer cancels the match instead of starting it.
    if (!this.startedAt) this.seats[seat].joined = false;
    this.state.players[seat].connected = false;
    if (this.startedAt && !this.finished) this.applyForfeit(seat, "disconnect");
    else this.publish();
  }

  onBeforeShutdown(): void {
    // A running game finishes (the process waits for rooms to dispose). One that never started is dropped,
    // and both players keep their place in the queue, as when an opponent does not show up.
    if (this.startedAt && !this.finished) return;
    const grants = this.finished ? [] : this.seats.map((s) => this.keepQueuePlace(s));
    this.finished = true;
    void Promise.all(grants).finally(() => this.disconnect(CloseCode.SERVER_SHUTDOWN));
  }

  onUncaughtException(error: unknown, method: string): void {
    log.error("battle room exception", { roomId: this.roomId, matchId: this.matchId, method, ...errorFields(error) });
  }

  /**
   * A room-clock timer whose callback runs just outside the clock's tick: publish() calls
   * broadcastPatch(), which ticks the clock itself, and a tick must not run inside a tick.
   */
  private after(ms: number, fn: () => void): { clear(): void } {
    return this.clock.setTimeout(() => {
      setImmediate(() => {
        try {
          fn();
        } catch (err) {
          this.onUncaughtException(err, "timer");
        }
      });
    }, ms);
  }

  private seatOf(client: Client): Seat | null {
    const seat = (client.userData as BattleClientData | undefined)?.seat;
    return seat === 0 || seat === 1 ? seat : null;
  }

  private startGame(): void {
    battleMetrics.battlesStarted++;
    this.startedAt = new Date();
    this.lock();
    this.afterChange([]);
  }

  private cancelIfIncomplete(): void {
    if (this.startedAt || this.finished) return;
    this.finished = true;
    battleMetrics.battlesCancelled++;
    for (const s of this.seats) {
      if (!s.client) continue;
      send(s.client, "cancelled", { reason: "opponent_absent" });
      void this.keepQueuePlace(s);
    }
    log.info("battle cancelled: opponent absent", { matchId: this.matchId });
    this.clock.setTimeout(() => this.disconnect(), 250);
  }

  private keepQueuePlace(seat: SeatInfo): Promise<void> {
    return grantQueuePriority(roomServices().store, seat.steamId, seat.enqueuedAt).catch((err) =>
      log.warn("could not grant queue priority", { steamId: seat.steamId, ...errorFields(err) }),
    );
  }

  private error(client: Client, code: string, message: string): void {
    battleMetrics.intentsRejected++;
    send(client, "error", { code, message, stateId: this.state.stateId });
  }

  private withinBudget(client: Client): boolean {
    if ((client.userData as BattleClientData | undefined)?.budget.take() !== false) return true;
    this.error(client, "rate_limited", `more than ${this.messageBudget} messages per second; message dropped`);
    return false;
  }

  private handleIntent(client: Client, type: IntentMessageType, payload: unknown): void {
    const seat = this.seatOf(client);
    if (seat === null || !this.withinBudget(client)) return;
    if (!this.startedAt) return this.error(client, "not_started", "the battle starts when both players have joined");
    if (this.finished) return this.error(client, "game_over", "the battle is over");
    const parsed = parseIntentMessage(type, payload);
    if (!parsed.ok) return this.error(client, "invalid_message", parsed.message);
    if (type === "concede") return this.concede(seat);
    // Both seats mulligan at once; the other seat's mulligan changes nothing this seat chose from.
    const simultaneousMulligan = type === "mulligan" && this.engine.phase === "mulligan";
    if (parsed.stateId !== this.state.stateId && !simultaneousMulligan) {
      return this.error(client, "stale_state", `intent chosen at state ${parsed.stateId}, current state is ${this.state.stateId}`);
    }
    const startedAt = performance.now();
    // The room owns its engine state and never needs the previous one: apply in place (no copy, less GC).
    const outcome = applyInPlace(this.engine, seat, parsed.intent);
    if (!outcome.ok) {
      // A refusal leaves the state untouched, but an engine fault may have thrown halfway through the
      // intent: rebuild the state from the log so the game, its hash and its replay stay consistent.
      if (outcome.error.code === "internal_error") this.engine = replay(this.seed, [this.seats[0].deck, this.seats[1].deck], this.intentLog);
      return this.error(client, outcome.error.code, outcome.error.message);
    }
    this.seats[seat].consecutiveTimeouts = 0;
    this.state.players[seat].consecutiveTimeouts = 0;
    this.commit(seat, parsed.intent, outcome.state, outcome.events);
    battleActionSeconds.observe((performance.now() - startedAt) / 1000);
  }

  /** A player may concede at any time, not only on their own turn. */
  private concede(seat: Seat): void {
    const outcome = apply(this.engine, seat, { type: "concede" });
    if (outcome.ok) this.commit(seat, { type: "concede" }, outcome.state, outcome.events);
    else this.applyForfeit(seat, "concede");
  }

  private applyForfeit(seat: Seat, reason: string): void {
    if (this.finished) return;
    const outcome = forfeit(this.engine, seat, reason);
    this.forfeited = { seat, reason };
    this.engine = outcome.state;
    this.afterChange(outcome.events);
  }

  private commit(seat: Seat, intent: Intent, next: State, events: GameEvent[]): void {
    this.intentLog.push({ seat, intent });
    if (intent.type === "timeout") battleMetrics.timeoutsApplied++;
    else battleMetrics.actionsApplied++;
    this.engine = next;
    this.afterChange(events);
  }

  private afterChange(events: GameEvent[]): void {
    this.state.stateId++;
    syncBattleState(this.state, this.engine);
    if (this.engine.result) {
      this.publish(events);
      void this.finish();
      return;
    }
    this.scheduleTimer();
    this.publish(events, true);
  }

  /** Sends the state patch, then each seat's filtered events (and `legal` lists), in one write per client. */
  private publish(events: GameEvent[] = [], withLegal = false): void {
    withCoalescedWrites(this.clients, () => {
      const bufferSize = Encoder.BUFFER_SIZE;
      Encoder.BUFFER_SIZE = PATCH_HEADROOM;
      try {
        this.broadcastPatch();
      } finally {
        Encoder.BUFFER_SIZE = bufferSize;
      }
      if (events.length > 0) this.sendEvents(events);
      if (withLegal) {
        this.sendLegal(0);
        this.sendLegal(1);
      }
    });
  }

  /**
   * Each seat's view of the events. When no event is filtered per seat (no draw, given card or mulligan),
   * both views are the same message: it is encoded once and the same bytes go to both clients.
   */
  private sendEvents(events: GameEvent[]): void {
    const first = this.seats[0].client;
    const second = this.seats[1].client;
    const stateId = this.state.stateId;
    if (first && second && !eventsDifferBySeat(events)) {
      const message: BattleServerMessage<"events"> = { stateId, events: viewEvents(events, 0) };
      const bytes = getMessageBytes.raw(Protocol.ROOM_DATA, "events", message);
      first.enqueueRaw(bytes);
      second.enqueueRaw(bytes);
      return;
    }
    if (first) send(first, "events", { stateId, events: viewEvents(events, 0) });
    if (second) send(second, "events", { stateId, events: viewEvents(events, 1) });
  }

  private sendLegal(seat: Seat): void {
    const client = this.seats[seat].client;
    if (!client || this.finished || !this.startedAt || !isToAct(this.engine, seat)) return;
    const stateId = this.state.stateId;
    // legalActions() builds fresh intents on every call, so stamping them in place copies nothing.
    const actions = legalActions(this.engine, seat) as Array<Intent & { stateId?: number }>;
    for (const action of actions) action.stateId = stateId;
    send(client, "legal", { stateId, actions });
  }

  /** One timer for whatever the game waits on: the mulligan, or the current turn. */
  private scheduleTimer(): void {
    const key = this.engine.phase === "mulligan" ? "mulligan" : `turn:${this.engine.turn}:${this.engine.current}`;
    if (key === this.timerKey) return;
    this.timerKey = key;
    this.timer?.clear();
    const seconds = this.engine.phase === "mulligan" ? this.timers.mulligan : this.timers.turn;
    this.markPlayersInBattle((seconds + this.timers.reconnect) * 2000 + 60_000);
    this.state.turnDeadline = Date.now() + seconds * 1000;
    this.timer = this.after(seconds * 1000, () => this.onTimerExpired());
  }

  private markPlayersInBattle(ttlMs: number): void {
    const store = roomServices().store;
    for (const s of this.seats) {
      markInBattle(store, s.steamId, this.roomId, ttlMs).catch((err) => log.warn("could not mark player in battle", errorFields(err)));
    }
  }

  private releasePlayers(): void {
    const store = roomServices().store;
    for (const s of this.seats ?? []) clearInBattle(store, s.steamId, this.roomId).catch(() => undefined);
  }

  onDispose(): void {
    battleMetrics.battlesActive--;
    this.releasePlayers();
  }

  private onTimerExpired(): void {
    if (this.finished) return;
    this.timerKey = "";
    if (this.engine.phase === "mulligan") {
      for (const seat of [0, 1] as Seat[]) {
        if (this.engine.result || !isToAct(this.engine, seat)) continue;
        this.applyTimeout(seat);
      }
      return;
    }
    const seat = this.engine.current;
    const info = this.seats[seat];
    info.consecutiveTimeouts++;
    this.state.players[seat].consecutiveTimeouts = info.consecutiveTimeouts;
    if (info.consecutiveTimeouts >= AFK_TIMEOUTS) return this.applyForfeit(seat, "afk");
    this.applyTimeout(seat);
  }

  private applyTimeout(seat: Seat): void {
    const outcome = apply(this.engine, seat, { type: "timeout" });
    if (!outcome.ok) {
      log.error("engine refused a timeout", { matchId: this.matchId, ...outcome.error });
      return this.applyForfeit(seat, "afk");
    }
    this.commit(seat, { type: "timeout" }, outcome.state, outcome.events);
  }

  private finishedMatch(): FinishedMatch {
    const result = this.engine.result!;
    return {
      matchId: this.matchId,
      startedAt: this.startedAt!.toISOString(),
      endedAt: new Date().toISOString(),
      endReason: result.reason,
      winnerSeat: result.winner,
      engineVersion: ENGINE_VERSION,
      seed: this.seed,
      firstSeat: this.engine.first,
      intentLog: this.intentLog,
      forfeit: this.forfeited,
      seats: this.seats.map((s) => ({ steamId: s.steamId, deckId: s.deckId, deck: s.deck })) as FinishedMatch["seats"],
      finalHash: hash(this.engine),
    };
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.timer?.clear();
    this.state.turnDeadline = 0;
    this.releasePlayers();
    this.publish();
    const match = this.finishedMatch();
    let outcome: RecordOutcome;
    try {
      outcome = await roomServices().resultRecorder.record(match);
    } catch (err) {
      log.error("result could not be recorded nor parked", { matchId: this.matchId, ...errorFields(err) });
      outcome = { pending: true };
    }
    battleMetrics.battlesFinished++;
    if (outcome.pending) battleMetrics.resultsPending++;
    this.seats.forEach((s, seat) => {
      const winner = match.winnerSeat === null ? null : this.seats[match.winnerSeat].steamId;
      const mine = outcome.pending ? null : outcome.recorded.participants[seat];
      if (s.client) send(s.client, "result", {
        matchId: this.matchId,
        winner,
        winnerSeat: match.winnerSeat,
        reason: match.endReason,
        pending: outcome.pending,
        you: mine
          ? {
              before: mine.before,
              after: mine.after,
              ratingChange: mine.after.rating - mine.before.rating,
              xpGained: mine.xpGained,
            }
          : { before: null, after: null, ratingChange: null, xpGained: null },
      });
    });
    this.clock.setTimeout(() => this.disconnect(), 500);
  }
}
