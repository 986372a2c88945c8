import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus registry, served by GET /metrics (metrics-route.ts). Series that change on hot
 * paths (battle actions) are plain counters read at scrape time (scrape-sources.ts); the rest are recorded
 * where they happen. Names and types are a contract with dashboards and alerts: docs/operations.md.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

export const loginsTotal = new Counter({
  name: "cardgame_logins_total",
  help: "POST /auth/steam requests by outcome: success, rejected (ticket, ban), invalid_request, rate_limited, unavailable (Steam or a dependency down), error",
  labelNames: ["outcome"] as const,
  registers,
});

export const steamRequestSeconds = new Histogram({
  name: "cardgame_steam_request_seconds",
  help: "Duration of each AuthenticateUserTicket attempt to the Steam Web API, whatever its outcome",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers,
});

export const queueWaitSeconds = new Histogram({
  name: "cardgame_queue_wait_seconds",
  help: "Time each matched player waited in the queue, from enqueue to the pair (pairs made by this process)",
  buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
  registers,
});

export const matchRatingGap = new Histogram({
  name: "cardgame_match_rating_gap",
  help: "Rating difference of each pair made by this process's matcher",
  buckets: [5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 600],
  registers,
});

export const seatLatencySeconds = new Histogram({
  name: "cardgame_seat_latency_seconds",
  help: "Enqueue to `matched` delivered, per player of the pairs this process dispatched",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
  registers,
});

export const matchDispatchSeconds = new Histogram({
  name: "cardgame_match_dispatch_seconds",
  help: "Pair claimed to both `matched` delivered (battle room created, seats reserved)",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
  registers,
});

export const battleActionSeconds = new Histogram({
  name: "cardgame_battle_action_seconds",
  help: "Server time per applied battle action: validation, rules engine, state sync and sending the patch",
  buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
  registers,
});

export const resultsRecordedTotal = new Counter({
  name: "cardgame_results_recorded_total",
  help: "Match results written to PostgreSQL by this process (directly or from the outbox)",
  registers,
});
