import { matchMaker } from "@colyseus/core";
import { Counter, Gauge } from "prom-client";
import { battleMetrics } from "../battle/battle-metrics";
import { drainFor } from "../lifecycle/drain";
import { matchmakingMetrics } from "../matchmaker/metrics";
import type { Services } from "../services";
import { metricsRegistry } from "./registry";

const registers = [metricsRegistry];
/** A dependency that does not answer within this long keeps its series' last value for this scrape. */
const SCRAPE_QUERY_TIMEOUT_MS = 1000;

let services: Services | null = null;

/** The services whose queue and outbox the scrape-time series read (one server per process). */
export function setMetricsServices(current: Services | null): void {
  services = current;
}

function within<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), SCRAPE_QUERY_TIMEOUT_MS)),
  );
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A counter whose value lives in a plain number elsewhere (so the hot path only increments that number). */
function counterOf(name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers,
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

function gaugeOf(name: string, help: string, read: () => number | Promise<number>): void {
  new Gauge({
    name,
    help,
    registers,
    async collect() {
      try {
        this.set(await read());
      } catch {
        // Keep the last value; /ready reports the dependency.
      }
    },
  });
}

gaugeOf("cardgame_queue_tickets", "Tickets in the ranked queue, cluster-wide (the shared Redis queue)", async () =>
  services ? within(services.matchmaking.queue.size()) : matchmakingMetrics.queueSize,
);
gaugeOf(
  "cardgame_queue_players_local",
  "Players connected to this process's queue rooms",
  () => matchmakingMetrics.localWaiting,
);
counterOf(
  "cardgame_matches_created_total",
  "Pairs this process's matcher made and seated in a battle",
  () => matchmakingMetrics.counters.matches,
);
new Counter({
  name: "cardgame_matchmaking_events_total",
  help: "Queue events on this process: enqueued, cancelled, replaced, requeues, expired, undeliverable, rejected, match_errors",
  labelNames: ["event"] as const,
  registers,
  collect() {
    this.reset();
    const c = matchmakingMetrics.counters;
    const events = {
      enqueued: c.enqueued,
      cancelled: c.cancelled,
      replaced: c.replaced,
      requeues: c.requeues,
      expired: c.expired,
      undeliverable: c.undeliverable,
      rejected: c.rejected,
      match_errors: c.matchErrors,
    };
    for (const [event, value] of Object.entries(events)) this.inc({ event }, value);
  },
});

gaugeOf(
  "cardgame_battles_active",
  "Battle rooms open on this process (waiting for players or being played)",
  () => battleMetrics.battlesActive,
);
counterOf(
  "cardgame_battles_started_total",
  "Battles that started on this process (both players joined)",
  () => battleMetrics.battlesStarted,
);
counterOf(
  "cardgame_battles_finished_total",
  "Battles that ended with a result on this process",
  () => battleMetrics.battlesFinished,
);
counterOf(
  "cardgame_battles_cancelled_total",
  "Battles cancelled before starting because a player did not join",
  () => battleMetrics.battlesCancelled,
);
counterOf(
  "cardgame_battle_actions_total",
  "Player actions applied by this process's battles",
  () => battleMetrics.actionsApplied,
);
counterOf(
  "cardgame_battle_timeouts_total",
  "Turn and mulligan timeouts applied by this process's battles",
  () => battleMetrics.timeoutsApplied,
);
counterOf(
  "cardgame_battle_intents_rejected_total",
  "Intents refused with an `error` message (illegal, stale, rate-limited, malformed)",
  () => battleMetrics.intentsRejected,
);
counterOf(
  "cardgame_results_parked_total",
  "Results that could not be written at once and went to the outbox",
  () => battleMetrics.resultsPending,
);
gaugeOf(
  "cardgame_results_pending",
  "Results waiting in the outbox for PostgreSQL (the shared Redis list, or this process's file)",
  async () => (services ? within(services.resultOutbox.size()) : 0),
);
gaugeOf("cardgame_ccu", "Clients connected to this process's rooms", () => matchMaker.stats.local.ccu);
gaugeOf("cardgame_draining", "1 while this process drains (graceful shutdown), else 0", () =>
  services && drainFor(services).draining ? 1 : 0,
);
