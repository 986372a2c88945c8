/**
 * Process-wide battle counters, read by benchmarks and exported by GET /metrics (src/metrics/registry.ts reads
 * them at scrape time, so the per-action path only increments plain numbers).
 */
export const battleMetrics = {
  /** Battle rooms open on this process: waiting for players or being played. */
  battlesActive: 0,
  battlesStarted: 0,
  battlesFinished: 0,
  battlesCancelled: 0,
  actionsApplied: 0,
  timeoutsApplied: 0,
  intentsRejected: 0,
  resultsPending: 0,
  snapshot() {
    const {
      battlesActive,
      battlesStarted,
      battlesFinished,
      battlesCancelled,
      actionsApplied,
      timeoutsApplied,
      intentsRejected,
      resultsPending,
    } = this;
    return {
      battlesActive,
      battlesStarted,
      battlesFinished,
      battlesCancelled,
      actionsApplied,
      timeoutsApplied,
      intentsRejected,
      resultsPending,
    };
  },
};
