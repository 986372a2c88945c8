import { errorFields, log } from "../logger";
import type { MatchmakingPause } from "./matchmaking-pause";
import type { MatchmakingMetrics } from "./metrics";
import type { MatchedPair, Ticket } from "./ticket";
import type { TicketQueue } from "./ticket-queue";
import type { MatchParams } from "./window";

export interface MatcherOptions {
  tickMs: number;
  params: MatchParams;
  /** Called for each claimed pair; must not throw (the dispatcher catches its own errors). */
  onPair: (pair: MatchedPair) => void;
  onExpired?: (ticket: Ticket) => void;
  metrics?: MatchmakingMetrics;
  /** Max tickets dropped per sweep. */
  sweepLimit?: number;
  now?: () => number;
  /** An operator's pause in force, if any: no pair is made while it lasts (src/matchmaker/matchmaking-pause.ts). */
  pause?: () => Promise<MatchmakingPause | null>;
}

/**
 * One per process. Every tick: drop tickets whose lease ended, then claim pairs oldest-first in
 * batches (each batch is one atomic queue operation) until a batch comes back short or half the tick
 * is used, then publish the queue size. Several processes may run matchers against one Redis queue;
 * atomic claiming is what keeps them from matching a player twice.
 */
export class Matcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private readonly now: () => number;
  private paused: MatchmakingPause | null = null;

  constructor(
    private readonly queue: TicketQueue,
    private readonly options: MatcherOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const started = Date.now();
      this.running = this.tick()
        .catch((err) => log.error("matcher tick failed", errorFields(err)))
        .finally(() => {
          this.running = null;
          this.schedule(Math.max(0, this.options.tickMs - (Date.now() - started)));
        });
    }, delay);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One matching round; returns the number of pairs claimed. */
  async tick(): Promise<number> {
    const { params, metrics } = this.options;
    const started = Date.now();
    const expired = await this.queue.sweepExpired(this.now(), this.options.sweepLimit ?? 1000);
    if (expired.length > 0) {
      if (metrics) metrics.counters.expired += expired.length;
      for (const t of expired) this.options.onExpired?.(t);
    }
    if (await this.isPaused()) {
      if (metrics) metrics.queueSize = await this.queue.size();
      return 0;
    }
    let total = 0;
    for (;;) {
      const pairs = await this.queue.matchBatch(this.now(), params);
      total += pairs.length;
      for (const pair of pairs) this.options.onPair(pair);
      if (pairs.length < params.maxPairs || Date.now() - started > this.options.tickMs / 2) break;
    }
    if (metrics) metrics.queueSize = await this.queue.size();
    return total;
  }

  /** Reads the operator's pause; logs when one starts and when it ends. */
  private async isPaused(): Promise<boolean> {
    const pause = (await this.options.pause?.()) ?? null;
    if (pause && !this.paused) log.warn("matchmaking paused by an operator: no pairs are made", { ...pause });
    if (!pause && this.paused) log.warn("matchmaking resumed", { pausedBy: this.paused.by });
    this.paused = pause;
    return pause !== null;
  }
}
