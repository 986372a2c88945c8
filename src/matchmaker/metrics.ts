/**
 * Queue observability, kept in one place so a metrics endpoint can expose `matchmakingMetrics.snapshot()`.
 * Process-local: each process reports what its matcher and queue rooms did (sum across processes).
 */

/** Fixed-bucket histogram with exact count/sum/min/max and bucket-interpolated quantiles. */
export class Histogram {
  private readonly counts: number[];
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly buckets: number[]) {
    this.counts = new Array(buckets.length + 1).fill(0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]) i++;
    this.counts[i]++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      if (seen + this.counts[i] >= target) {
        const lo = i === 0 ? Math.min(this.min, this.buckets[0]) : this.buckets[i - 1];
        const hi = i < this.buckets.length ? this.buckets[i] : this.max;
        const within = (target - seen) / this.counts[i];
        return Math.min(this.max, Math.max(this.min, lo + (hi - lo) * within));
      }
      seen += this.counts[i];
    }
    return this.max;
  }

  snapshot() {
    return {
      count: this.count,
      sum: this.sum,
      mean: this.count ? this.sum / this.count : 0,
      min: this.count ? this.min : 0,
      max: this.count ? this.max : 0,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      buckets: this.buckets.map((le, i) => ({ le, count: this.counts[i] })).concat([{ le: Infinity, count: this.counts[this.buckets.length] }]),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/** Events per second over a sliding window of whole seconds. */
export class RateMeter {
  private readonly slots: number[];
  private readonly stamps: number[];
  constructor(readonly windowSeconds = 60) {
    this.slots = new Array(windowSeconds).fill(0);
    this.stamps = new Array(windowSeconds).fill(-1);
  }

  mark(n = 1, now = Date.now()): void {
    const sec = Math.floor(now / 1000);
    const i = sec % this.windowSeconds;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.slots[i] = 0;
    }
    this.slots[i] += n;
  }

  /** Mean rate over the last `seconds` complete-or-current seconds. */
  perSecond(seconds = 10, now = Date.now()): number {
    const span = Math.min(seconds, this.windowSeconds);
    const sec = Math.floor(now / 1000);
    let total = 0;
    for (let s = sec - span + 1; s <= sec; s++) {
      const i = ((s % this.windowSeconds) + this.windowSeconds) % this.windowSeconds;
      if (this.stamps[i] === s) total += this.slots[i];
    }
    return total / span;
  }

  reset(): void {
    this.slots.fill(0);
    this.stamps.fill(-1);
  }
}

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
  readonly waitMs = new Histogram([250, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000]);
  readonly ratingGap = new Histogram([5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 600]);
  /** Enqueue → `matched` delivered (only for pairs this process dispatched). */
  readonly seatLatencyMs = new Histogram([50, 100, 250, 500, 1000, 2000, 5000, 10_000]);
  /** Pair claimed → both `matched` delivered: the system's own share of the latency. */
  readonly dispatchMs = new Histogram([5, 10, 25, 50, 100, 250, 500, 1000, 2000]);
  readonly matchRate = new RateMeter(60);

  recordMatch(waitA: number, waitB: number, gap: number, now = Date.now()): void {
    this.counters.matches++;
    this.waitMs.observe(waitA);
    this.waitMs.observe(waitB);
    this.ratingGap.observe(gap);
    this.matchRate.mark(1, now);
  }

  snapshot() {
    return {
      queueSize: this.queueSize,
      localWaiting: this.localWaiting,
      counters: { ...this.counters },
      matchesPerSecond: { last10s: this.matchRate.perSecond(10), last60s: this.matchRate.perSecond(60) },
      waitMs: this.waitMs.snapshot(),
      ratingGap: this.ratingGap.snapshot(),
      seatLatencyMs: this.seatLatencyMs.snapshot(),
      dispatchMs: this.dispatchMs.snapshot(),
    };
  }

  reset(): void {
    for (const key of Object.keys(this.counters) as Array<keyof typeof this.counters>) this.counters[key] = 0;
    this.queueSize = 0;
    this.localWaiting = 0;
    this.waitMs.reset();
    this.ratingGap.reset();
    this.seatLatencyMs.reset();
    this.dispatchMs.reset();
    this.matchRate.reset();
  }
}

/** The process-wide instance. */
export const matchmakingMetrics = new MatchmakingMetrics();
