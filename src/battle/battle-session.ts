import {
  apply,
  applyInPlace,
  createMatch,
  ENGINE_VERSION,
  forfeit,
  hash,
  isToAct,
  legalActions,
  replay,
  type GameEvent,
  type Intent,
  type Seat,
  type State,
} from "../game";
import { errorFields, log } from "../logger";
import { battleActionSeconds } from "../metrics/registry";
import type { BattleServerMessage } from "./battle-messages";
import { battleMetrics } from "./battle-metrics";
import type { PlayMode } from "./play-mode";
import type { FinishedMatch, LoggedIntent } from "./finished-match";
import { resultYou } from "./participant-result";
import type { RecordOutcome } from "./result-recorder";

/** Consecutive turn timeouts after which the player forfeits as AFK. */
export const AFK_TIMEOUTS = 3;

/** Time controls of one match, in seconds. */
export interface BattleTimers {
  turn: number;
  mulligan: number;
  reconnect: number;
  join: number;
}

/** The session's only source of time: the room's clock in production, a manual one in tests. */
export interface BattleClock {
  /** Runs `fn` once after `ms`; the handle cancels it. */
  after(ms: number, fn: () => void): { clear(): void };
  /** Wall-clock milliseconds (turn deadlines, match timestamps). */
  now(): number;
}

/** What the session needs from outside: time, the result recorder and the shared store's per-player entries. */
export interface BattleSessionDeps {
  clock: BattleClock;
  recordResult(match: FinishedMatch): Promise<RecordOutcome>;
  /** Keeps the player's place in the queue after a match fell through. */
  keepQueuePlace(steamId: string, enqueuedAt: number): Promise<void>;
  /** A matched player did not join, or left before the start: a growing queue cooldown. */
  recordDodge(steamId: string): Promise<void>;
  markInBattle(steamId: string, ttlMs: number): Promise<void>;
  clearInBattle(steamId: string): Promise<void>;
}

/** How the session reaches the players (the room implements it over the wire). */
export interface BattleSessionOutput<C> {
  /** The match changed: send the state, then `events` as each seat may see them, and (withLegal) each seat's `legal`. */
  publish(events: GameEvent[], withLegal: boolean): void;
  /** Both players are in and the game began: nobody else may join. */
  started(): void;
  /** The opponent never arrived: tell the players present, then close. */
  cancelled(present: C[]): void;
  /** The match is over and recorded (or parked): send each present player their result, then close. */
  finished(results: Array<{ connection: C; result: BattleServerMessage<"result"> }>): void;
}

export interface SessionSeatSetup {
  steamId: string;
  deckId: string;
  deck: string[];
  enqueuedAt: number;
}

export interface SessionSeat<C> extends SessionSeatSetup {
  /** The player's live connection, or null while away. */
  connection: C | null;
  /** Took the seat (and, before the start, is still there). */
  joined: boolean;
  connected: boolean;
  consecutiveTimeouts: number;
}

export interface SessionSetup {
  matchId: string;
  /** Default ranked. */
  mode?: PlayMode;
  seed: string;
  seats: [SessionSeatSetup, SessionSeatSetup];
  timers: BattleTimers;
}

/** Why an intent was refused (sent back as an `error` message). */
export interface Refusal {
  code: string;
  message: string;
}

export type StampedIntent = Intent & { stateId?: number };

/**
 * One match between two seats, without any transport: who joined, the engine state, the timers (mulligan,
 * turn, join, reconnection) on an injected clock, AFK and disconnect forfeits, the intent log and the
 * finished match. `C` is whatever identifies a player's connection to the caller.
 */
export class BattleSession<C> {
  readonly matchId: string;
  readonly mode: PlayMode;
  readonly seed: string;
  readonly seats: [SessionSeat<C>, SessionSeat<C>];
  /** Bumped at every change of the engine state; intents name the state they were chosen against. */
  stateId = 0;
  /** When the current mulligan or turn times out (ms since the epoch); 0 before the start and after the end. */
  turnDeadline = 0;
  private engineState: State;
  private startedAt: Date | null = null;
  private isFinished = false;
  private readonly intentLog: LoggedIntent[] = [];
  private forfeited: { seat: Seat; reason: string } | null = null;
  private timer: { clear(): void } | null = null;
  private timerKey = "";
  private inBattleMarkExpiresAt = 0;
  private readonly timers: BattleTimers;

  constructor(
    setup: SessionSetup,
    private readonly deps: BattleSessionDeps,
    private readonly output: BattleSessionOutput<C>,
  ) {
    this.matchId = setup.matchId;
    this.mode = setup.mode ?? "ranked";
    this.seed = setup.seed;
    this.timers = setup.timers;
    this.seats = setup.seats.map((s) => ({
      ...s,
      connection: null,
      joined: false,
      connected: false,
      consecutiveTimeouts: 0,
    })) as [SessionSeat<C>, SessionSeat<C>];
    this.engineState = createMatch({ seed: this.seed, decks: [this.seats[0].deck, this.seats[1].deck] });
    this.deps.clock.after(this.timers.join * 1000, () => this.cancelIfIncomplete());
  }

  /** The engine state; the session owns it and changes it in place. */
  get engine(): State {
    return this.engineState;
  }

  get started(): boolean {
    return this.startedAt !== null;
  }

  get finished(): boolean {
    return this.isFinished;
  }

  /** How long a dropped player may take to come back, in seconds. */
  get reconnectSeconds(): number {
    return this.timers.reconnect;
  }

  seatOf(steamId: string | undefined): Seat | null {
    const index = this.seats.findIndex((s) => s.steamId === steamId);
    return index < 0 ? null : (index as Seat);
  }

  /** A player takes their seat; the game starts when both have. */
  join(seat: Seat, connection: C): void {
    const info = this.seats[seat];
    info.connection = connection;
    info.joined = true;
    info.connected = true;
    if (this.seats.every((s) => s.joined) && !this.startedAt) this.start();
    else this.output.publish([], false);
  }

  /** The connection dropped. True when the player may come back (a game is running). */
  drop(seat: Seat): boolean {
    this.seats[seat].connected = false;
    this.output.publish([], false);
    return !this.isFinished && this.startedAt !== null;
  }

  reconnect(seat: Seat, connection: C): void {
    this.seats[seat].connection = connection;
    this.seats[seat].connected = true;
    this.output.publish([], false);
  }

  /** The player is gone for good: a running game is forfeited. */
  leave(seat: Seat): void {
    const info = this.seats[seat];
    info.connection = null;
    // Gone before the game started: absent, so the join timer cancels the match instead of starting it.
    if (!this.startedAt) info.joined = false;
    info.connected = false;
    if (this.startedAt && !this.isFinished) this.applyForfeit(seat, "disconnect");
    else this.output.publish([], false);
  }

  /**
   * The player may no longer play (banned, session revoked). A running game is forfeited with `reason` (the
   * opponent wins; the result is recorded and rated). Before the start the player is simply absent: the
   * join timer cancels the match and the opponent keeps their place in the queue.
   */
  expel(seat: Seat, reason: string): void {
    if (this.startedAt && !this.isFinished) this.applyForfeit(seat, reason);
    else this.leave(seat);
  }

  /**
   * The process shuts down. A running game finishes (null: keep the room until it does). One that never
   * started is dropped and both players keep their place in the queue; the promise settles when they have.
   */
  shutdown(): Promise<unknown> | null {
    if (this.startedAt && !this.isFinished) return null;
    const grants = this.isFinished ? [] : this.seats.map((s) => this.keepQueuePlace(s));
    this.isFinished = true;
    return Promise.all(grants);
  }

  /** Why no intent is accepted now, if so (checked before the message is even parsed). */
  closedReason(): Refusal | null {
    if (!this.startedAt) return { code: "not_started", message: "the battle starts when both players have joined" };
    if (this.isFinished) return { code: "game_over", message: "the battle is over" };
    return null;
  }

  /** Applies one seat's intent, chosen against state `stateId`. Null when applied, else why not. */
  act(seat: Seat, intent: Intent, stateId: number | null): Refusal | null {
    const closed = this.closedReason();
    if (closed) return closed;
    if (intent.type === "concede") {
      this.concede(seat);
      return null;
    }
    // Both seats mulligan at once; the other seat's mulligan changes nothing this seat chose from.
    const simultaneousMulligan = intent.type === "mulligan" && this.engineState.phase === "mulligan";
    if (stateId !== this.stateId && !simultaneousMulligan) {
      return { code: "stale_state", message: `intent chosen at state ${stateId}, current state is ${this.stateId}` };
    }
    const startedAt = performance.now();
    // The session owns its engine state and never needs the previous one: apply in place (no copy, less GC).
    const outcome = applyInPlace(this.engineState, seat, intent);
    if (!outcome.ok) {
      // A refusal leaves the state untouched, but an engine fault may have thrown halfway through the
      // intent: rebuild the state from the log so the game, its hash and its replay stay consistent.
      if (outcome.error.code === "internal_error")
        this.engineState = replay(this.seed, [this.seats[0].deck, this.seats[1].deck], this.intentLog);
      return outcome.error;
    }
    this.seats[seat].consecutiveTimeouts = 0;
    this.commit(seat, intent, outcome.state, outcome.events);
    battleActionSeconds.observe((performance.now() - startedAt) / 1000);
    return null;
  }

  /** What `seat` may do now, stamped with the current stateId; null when it is not theirs to act. */
  legalFor(seat: Seat): StampedIntent[] | null {
    if (this.isFinished || !this.startedAt || !isToAct(this.engineState, seat)) return null;
    const stateId = this.stateId;
    // legalActions() builds fresh intents on every call, so stamping them in place copies nothing.
    const actions = legalActions(this.engineState, seat) as StampedIntent[];
    for (const action of actions) action.stateId = stateId;
    return actions;
  }

  /** The room is gone: the players are free to queue again. */
  dispose(): void {
    for (const s of this.seats) this.deps.clearInBattle(s.steamId).catch(() => undefined);
  }

  private start(): void {
    battleMetrics.battlesStarted++;
    this.startedAt = new Date(this.deps.clock.now());
    this.output.started();
    this.afterChange([]);
  }

  private cancelIfIncomplete(): void {
    if (this.startedAt || this.isFinished) return;
    this.isFinished = true;
    battleMetrics.battlesCancelled++;
    const present = this.seats.filter((s) => s.connection);
    this.output.cancelled(present.map((s) => s.connection as C));
    for (const s of present) void this.keepQueuePlace(s);
    for (const s of this.seats.filter((seat) => !seat.connection)) {
      this.deps
        .recordDodge(s.steamId)
        .catch((err) => log.warn("could not record a dodge", { steamId: s.steamId, ...errorFields(err) }));
    }
    log.info("battle cancelled: opponent absent", { matchId: this.matchId });
  }

  private keepQueuePlace(seat: SessionSeat<C>): Promise<void> {
    return this.deps
      .keepQueuePlace(seat.steamId, seat.enqueuedAt)
      .catch((err) => log.warn("could not grant queue priority", { steamId: seat.steamId, ...errorFields(err) }));
  }

  /** A player may concede at any time, not only on their own turn. */
  private concede(seat: Seat): void {
    const outcome = apply(this.engineState, seat, { type: "concede" });
    if (outcome.ok) this.commit(seat, { type: "concede" }, outcome.state, outcome.events);
    else this.applyForfeit(seat, "concede");
  }

  private applyForfeit(seat: Seat, reason: string): void {
    if (this.isFinished) return;
    const outcome = forfeit(this.engineState, seat, reason);
    this.forfeited = { seat, reason };
    this.engineState = outcome.state;
    this.afterChange(outcome.events);
  }

  private commit(seat: Seat, intent: Intent, next: State, events: GameEvent[]): void {
    this.intentLog.push({ seat, intent });
    if (intent.type === "timeout") battleMetrics.timeoutsApplied++;
    else battleMetrics.actionsApplied++;
    this.engineState = next;
    this.afterChange(events);
  }

  private afterChange(events: GameEvent[]): void {
    this.stateId++;
    if (this.engineState.result) {
      this.output.publish(events, false);
      void this.finish();
      return;
    }
    this.scheduleTimer();
    this.output.publish(events, true);
  }

  /** One timer for whatever the game waits on: the mulligan, or the current turn. */
  private scheduleTimer(): void {
    const engine = this.engineState;
    const key = engine.phase === "mulligan" ? "mulligan" : `turn:${engine.turn}:${engine.current}`;
    if (key === this.timerKey) return;
    this.timerKey = key;
    this.timer?.clear();
    const seconds = engine.phase === "mulligan" ? this.timers.mulligan : this.timers.turn;
    const now = this.deps.clock.now();
    // The mark outlives this turn and a reconnection window twice over; it is written again only once half of
    // its life is gone (it then still covers this turn), not at every turn: two store writes per turn were the
    // largest share of a battle's allocations at 5,000 players (docs/BENCHMARKS.md).
    const markMs = (seconds + this.timers.reconnect) * 2000 + 60_000;
    if (this.inBattleMarkExpiresAt - now <= markMs / 2) {
      this.markPlayersInBattle(markMs);
      this.inBattleMarkExpiresAt = now + markMs;
    }
    this.turnDeadline = now + seconds * 1000;
    this.timer = this.deps.clock.after(seconds * 1000, () => this.onTimerExpired());
  }

  private markPlayersInBattle(ttlMs: number): void {
    for (const s of this.seats) {
      this.deps
        .markInBattle(s.steamId, ttlMs)
        .catch((err) => log.warn("could not mark player in battle", errorFields(err)));
    }
  }

  private onTimerExpired(): void {
    if (this.isFinished) return;
    this.timerKey = "";
    const engine = this.engineState;
    if (engine.phase === "mulligan") {
      for (const seat of [0, 1] as Seat[]) {
        if (this.engineState.result || !isToAct(this.engineState, seat)) continue;
        this.applyTimeout(seat);
      }
      return;
    }
    const seat = engine.current;
    const info = this.seats[seat];
    info.consecutiveTimeouts++;
    if (info.consecutiveTimeouts >= AFK_TIMEOUTS) this.applyForfeit(seat, "afk");
    else this.applyTimeout(seat);
  }

  private applyTimeout(seat: Seat): void {
    const outcome = apply(this.engineState, seat, { type: "timeout" });
    if (!outcome.ok) {
      log.error("engine refused a timeout", { matchId: this.matchId, ...outcome.error });
      this.applyForfeit(seat, "afk");
    } else {
      this.commit(seat, { type: "timeout" }, outcome.state, outcome.events);
    }
  }

  private finishedMatch(): FinishedMatch {
    const engine = this.engineState;
    const result = engine.result!;
    return {
      matchId: this.matchId,
      mode: this.mode,
      startedAt: this.startedAt!.toISOString(),
      endedAt: new Date(this.deps.clock.now()).toISOString(),
      endReason: result.reason,
      winnerSeat: result.winner,
      engineVersion: ENGINE_VERSION,
      seed: this.seed,
      firstSeat: engine.first,
      intentLog: this.intentLog,
      forfeit: this.forfeited,
      seats: this.seats.map((s) => ({ steamId: s.steamId, deckId: s.deckId, deck: s.deck })) as FinishedMatch["seats"],
      finalHash: hash(engine),
    };
  }

  private async finish(): Promise<void> {
    if (this.isFinished) return;
    this.isFinished = true;
    this.timer?.clear();
    this.turnDeadline = 0;
    this.dispose();
    this.output.publish([], false);
    const match = this.finishedMatch();
    let outcome: RecordOutcome;
    try {
      outcome = await this.deps.recordResult(match);
    } catch (err) {
      log.error("result could not be recorded nor parked", { matchId: this.matchId, ...errorFields(err) });
      outcome = { pending: true };
    }
    battleMetrics.battlesFinished++;
    if (outcome.pending) battleMetrics.resultsPending++;
    const winner = match.winnerSeat === null ? null : this.seats[match.winnerSeat].steamId;
    const results: Array<{ connection: C; result: BattleServerMessage<"result"> }> = [];
    this.seats.forEach((s, seat) => {
      if (!s.connection) return;
      const mine = outcome.pending ? null : outcome.recorded.participants[seat];
      results.push({
        connection: s.connection,
        result: {
          matchId: this.matchId,
          winner,
          winnerSeat: match.winnerSeat,
          reason: match.endReason,
          pending: outcome.pending,
          you: resultYou(mine),
        },
      });
    });
    this.output.finished(results);
  }
}
