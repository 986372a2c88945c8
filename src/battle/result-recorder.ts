import type { Knex } from "knex";
import { errorFields, log } from "../logger";
import { recordMatchResult, type RecordedResult } from "../db/match-results";
import type { FinishedMatch } from "./finished-match";
import type { ResultOutbox } from "./result-outbox";

export type RecordOutcome = { pending: false; recorded: RecordedResult } | { pending: true };

export interface ResultRecorderOptions {
  knex: Knex;
  outbox: ResultOutbox;
  /** Called once per match when its result reaches PostgreSQL (rating cache, leaderboard…). */
  onRecorded?: (match: FinishedMatch, recorded: RecordedResult) => Promise<void> | void;
  minRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * Writes results to PostgreSQL, or parks them in the outbox when it is unreachable and retries
 * with exponential backoff until written. Nothing is lost and nothing is applied twice.
 */
export class ResultRecorder {
  private timer: NodeJS.Timeout | null = null;
  private delayMs: number;
  private draining = false;
  private stopped = false;

  constructor(private readonly options: ResultRecorderOptions) {
    this.delayMs = options.minRetryMs ?? 1000;
  }

  async record(match: FinishedMatch): Promise<RecordOutcome> {
    try {
      const recorded = await recordMatchResult(this.options.knex, match);
      await this.notify(match, recorded);
      return { pending: false, recorded };
    } catch (err) {
      log.warn("result write failed; parked in the outbox", { matchId: match.matchId, ...errorFields(err) });
      await this.options.outbox.push(match);
      this.schedule();
      return { pending: true };
    }
  }

  private async notify(match: FinishedMatch, recorded: RecordedResult): Promise<void> {
    try {
      await this.options.onRecorded?.(match, recorded);
    } catch (err) {
      log.warn("post-result hook failed", { matchId: match.matchId, ...errorFields(err) });
    }
  }

  /** Starts the background drain (also picks up entries left by a previous run). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay = this.delayMs): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, delay);
    this.timer.unref();
  }

  /** Records every parked result; returns how many were written. */
  async drain(): Promise<number> {
    if (this.draining) return 0;
    this.draining = true;
    let written = 0;
    try {
      for (;;) {
        const batch = await this.options.outbox.list(50);
        if (batch.length === 0) break;
        for (const match of batch) {
          const recorded = await recordMatchResult(this.options.knex, match);
          await this.options.outbox.remove(match.matchId);
          if (recorded.applied) await this.notify(match, recorded);
          written++;
        }
      }
      this.delayMs = this.options.minRetryMs ?? 1000;
    } catch (err) {
      this.delayMs = Math.min(this.delayMs * 2, this.options.maxRetryMs ?? 30_000);
      log.warn("outbox drain failed; will retry", { retryInMs: this.delayMs, ...errorFields(err) });
      this.schedule();
    } finally {
      this.draining = false;
    }
    return written;
  }
}
