/** Process-wide battle counters, read by benchmarks and the metrics endpoint. */
export const battleMetrics = {
  battlesStarted: 0,
  battlesFinished: 0,
  battlesCancelled: 0,
  actionsApplied: 0,
  timeoutsApplied: 0,
  intentsRejected: 0,
  resultsPending: 0,
  snapshot() {
    const { battlesStarted, battlesFinished, battlesCancelled, actionsApplied, timeoutsApplied, intentsRejected, resultsPending } = this;
    return { battlesStarted, battlesFinished, battlesCancelled, actionsApplied, timeoutsApplied, intentsRejected, resultsPending };
  },
};
