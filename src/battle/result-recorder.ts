import type { Knex } from "knex";
import { errorFields, log } from "../logger";
import type { RecordedResult } from "../db/match-results";
import { recordRatedMatch } from "./match-settlement";
import type { FinishedMatch } from "./finished-match";
import type { ResultOutbox } from "./result-outbox";
import { resultsRecordedTotal } from "../metrics/registry";

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
  private draining: Promise<number> | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<RecordOutcome>>();

  constructor(private readonly options: ResultRecorderOptions) {
    this.delayMs = options.minRetryMs ?? 1000;
  }

  record(match: FinishedMatch): Promise<RecordOutcome> {
    const recording = this.write(match);
    this.inFlight.add(recording);
    void recording.finally(() => this.inFlight.delete(recording)).catch(() => undefined);
    return recording;
  }

  /**
   * Resolves once every result handed to `record` so far is written or parked, and a drain of the outbox in
   * progress has finished. Shutdown waits for it before closing PostgreSQL and Redis: the last battle room can
   * be gone while its result is still being written.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0 || this.draining) {
      await Promise.allSettled([...this.inFlight, this.draining]);
    }
  }

  private async write(match: FinishedMatch): Promise<RecordOutcome> {
    try {
      const recorded = await recordRatedMatch(this.options.knex, match);
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
    if (recorded.applied) resultsRecordedTotal.inc();
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

  /**
   * Records every parked result; returns how many were written. An entry that fails stays parked and the
   * rest are still tried, so one bad entry cannot hold back the others; any failure schedules a retry.
   */
  drain(): Promise<number> {
    if (this.draining) return Promise.resolve(0);
    this.draining = this.drainParked().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainParked(): Promise<number> {
    let written = 0;
    let failed = 0;
    try {
      const parked = await this.options.outbox.list(1000);
      for (const match of parked) {
        // Stopping (shutdown): what is left stays parked for the next start, which drains it.
        if (this.stopped) break;
        try {
          const recorded = await recordRatedMatch(this.options.knex, match);
          await this.options.outbox.remove(match.matchId);
          if (recorded.applied) await this.notify(match, recorded);
          written++;
        } catch (err) {
          failed++;
          log.warn("parked result not written yet", { matchId: match.matchId, ...errorFields(err) });
        }
      }
    } catch (err) {
      failed++;
      log.warn("outbox could not be read", errorFields(err));
    }
    if (failed > 0) {
      this.delayMs = Math.min(this.delayMs * 2, this.options.maxRetryMs ?? 30_000);
      this.schedule();
    } else {
      this.delayMs = this.options.minRetryMs ?? 1000;
      if (written > 0 && (await this.options.outbox.size().catch(() => 0)) > 0) this.schedule(0);
    }
    return written;
  }
}
