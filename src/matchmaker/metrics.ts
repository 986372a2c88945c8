import type { Histogram } from "prom-client";
import { matchDispatchSeconds, matchRatingGap, queueWaitSeconds, seatLatencySeconds } from "../metrics/registry";

/** count, sum, mean and bucket-interpolated quantiles of a prom-client histogram (benchmarks and tests). */
export interface HistogramSummary {
  count: number;
  sum: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function summarize(histogram: Histogram, scale = 1): Promise<HistogramSummary> {
  const { values } = await histogram.get();
  const buckets = values
    .filter((v) => v.metricName?.endsWith("_bucket"))
    .map((v) => ({ le: Number(v.labels.le), cumulative: v.value }))
    .sort((a, b) => a.le - b.le);
  const count = values.find((v) => v.metricName?.endsWith("_count"))?.value ?? 0;
  const sum = values.find((v) => v.metricName?.endsWith("_sum"))?.value ?? 0;
  const quantile = (q: number): number => {
    if (count === 0) return 0;
    const target = q * count;
    let previous = { le: 0, cumulative: 0 };
    for (const b of buckets) {
      if (b.cumulative >= target) {
        if (!Number.isFinite(b.le)) return previous.le * scale;
        const within = (target - previous.cumulative) / Math.max(1, b.cumulative - previous.cumulative);
        return (previous.le + (b.le - previous.le) * within) * scale;
      }
      previous = b;
    }
    return previous.le * scale;
  };
  return {
    count,
    sum: sum * scale,
    mean: count ? (sum / count) * scale : 0,
    p50: quantile(0.5),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
}

/**
 * Queue observability for this process. Counters are plain numbers (exported at scrape time as
 * cardgame_matchmaking_events_total and cardgame_matches_created_total); the distributions are the
 * Prometheus histograms cardgame_queue_wait_seconds, cardgame_match_rating_gap, cardgame_seat_latency_seconds
 * and cardgame_match_dispatch_seconds.
 */
export class MatchmakingMetrics {
  readonly counters = {
    enqueued: 0,
    cancelled: 0,
    replaced: 0,
    matches: 0,
    requeues: 0,
    expired: 0,
    undeliverable: 0,
    rejected: 0,
    matchErrors: 0,
  };
  /** Latest queue size seen by this process's matcher (cluster-wide ZCARD with Redis). */
  queueSize = 0;
  /** Players connected to this process's queue rooms. */
  localWaiting = 0;
  readonly waitSeconds = queueWaitSeconds;
  readonly ratingGap = matchRatingGap;
  /** Enqueue → `matched` delivered (only for pairs this process dispatched). */
  readonly seatLatencySeconds = seatLatencySeconds;
  /** Pair claimed → both `matched` delivered: the system's own share of the latency. */
  readonly dispatchSeconds = matchDispatchSeconds;

  recordMatch(waitAMs: number, waitBMs: number, gap: number): void {
    this.counters.matches++;
    this.waitSeconds.observe(waitAMs / 1000);
    this.waitSeconds.observe(waitBMs / 1000);
    this.ratingGap.observe(gap);
  }

  /** Distributions in milliseconds (the rating gap in rating points), as benchmarks print them. */
  async snapshot() {
    return {
      queueSize: this.queueSize,
      localWaiting: this.localWaiting,
      counters: { ...this.counters },
      waitMs: await summarize(this.waitSeconds, 1000),
      ratingGap: await summarize(this.ratingGap),
      seatLatencyMs: await summarize(this.seatLatencySeconds, 1000),
      dispatchMs: await summarize(this.dispatchSeconds, 1000),
    };
  }

  reset(): void {
    for (const key of Object.keys(this.counters) as Array<keyof typeof this.counters>) this.counters[key] = 0;
    this.queueSize = 0;
    this.localWaiting = 0;
    for (const h of [this.waitSeconds, this.ratingGap, this.seatLatencySeconds, this.dispatchSeconds]) h.reset();
  }
}

/** The process-wide instance. */
export const matchmakingMetrics = new MatchmakingMetrics();
