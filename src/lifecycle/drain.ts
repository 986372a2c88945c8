import type http from "node:http";
import { battleMetrics } from "../battle/battle-metrics";
import { interceptRequests } from "../http/intercept-requests";
import { log } from "../logger";
import type { Services } from "../services";

/** How often a draining process logs how many battles it still waits for. */
export const DRAIN_PROGRESS_INTERVAL_MS = 10_000;

/** Retry-After (seconds) on a matchmaking request refused by a draining process: another process can take it now. */
const DRAIN_RETRY_AFTER_SECONDS = 1;

/**
 * A process drains from the moment graceful shutdown starts (SIGTERM/SIGINT, PM2 stop/reload) until it exits:
 * `/ready` answers 503 and `/matchmake` is refused, so the load balancer sends players elsewhere, while the
 * battles already running on it finish.
 */
export class Drain {
  private startedAt: number | null = null;
  private progress: NodeJS.Timeout | null = null;

  constructor(private readonly progressIntervalMs = DRAIN_PROGRESS_INTERVAL_MS) {}

  get draining(): boolean {
    return this.startedAt !== null;
  }

  start(): void {
    if (this.startedAt !== null) return;
    this.startedAt = Date.now();
    log.info("drain started: refusing matchmaking, waiting for running battles", {
      battlesLeft: battleMetrics.battlesActive,
    });
    this.progress = setInterval(() => {
      log.info("draining", { battlesLeft: battleMetrics.battlesActive, seconds: this.elapsedSeconds() });
    }, this.progressIntervalMs);
    this.progress.unref();
  }

  /** Every room is gone; the process closes its connections and exits next. */
  finish(): void {
    if (this.progress) clearInterval(this.progress);
    this.progress = null;
    if (this.startedAt !== null) log.info("drain done", { seconds: this.elapsedSeconds() });
  }

  private elapsedSeconds(): number {
    return Math.round((Date.now() - (this.startedAt ?? Date.now())) / 100) / 10;
  }
}

const drains = new WeakMap<Services, Drain>();

/** The drain state of the process these services belong to. */
export function drainFor(services: Services): Drain {
  let drain = drains.get(services);
  if (!drain) {
    drain = new Drain();
    drains.set(services, drain);
  }
  return drain;
}

/** The body of a refused request: our `{ error: { code, message } }`, plus `message` where @colyseus/sdk reads it. */
export function drainingBody(): string {
  const message = "this server is shutting down; retry the request (another server will take it)";
  return JSON.stringify({ error: { code: "draining", message }, message });
}

/**
 * Matchmaking requests are refused as soon as the drain starts, with a JSON body: Colyseus' own refusal
 * (once its matchmaker shuts down) is a bare 503 that the SDK reports as "Unexpected end of JSON input".
 */
export function refuseMatchmakingWhileDraining(server: http.Server, drain: Drain): void {
  interceptRequests(server, (req, res, passOn) => {
    if (!drain.draining || req.method !== "POST" || !req.url?.startsWith("/matchmake/")) return passOn();
    const body = drainingBody();
    req.resume();
    res.writeHead(503, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "retry-after": String(DRAIN_RETRY_AFTER_SECONDS),
      connection: "close",
    });
    res.end(body);
  });
}
