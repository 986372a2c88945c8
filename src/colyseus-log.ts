import { format } from "node:util";
import { Room, type Client } from "@colyseus/core";
import { logger, redactText } from "./logger";

/** Colyseus log lines one client may cause per window; the rest are counted and reported in one line. */
export const CLIENT_LOG_LINES_PER_WINDOW = 3;
export const CLIENT_LOG_WINDOW_MS = 60_000;
/** Cap over all clients together, so many clients cannot flood the logs either. */
const ALL_CLIENTS_LOG_LINES_PER_WINDOW = 100;

interface Budget {
  lines: number;
  suppressed: number;
}

/**
 * Errors Colyseus prints while handling one client's frame (an undecodable message prints a stack trace per
 * frame) are limited per client: by SteamID when the client is authenticated, so reconnecting does not
 * reset it, else by session.
 */
export class ClientLogLimiter {
  private readonly budgets = new Map<string, Budget>();
  private all: Budget = { lines: 0, suppressed: 0 };
  private windowStart = 0;
  suppressedTotal = 0;

  allow(clientKey: string, now = Date.now()): boolean {
    this.roll(now);
    let budget = this.budgets.get(clientKey);
    if (!budget) {
      budget = { lines: 0, suppressed: 0 };
      this.budgets.set(clientKey, budget);
    }
    if (budget.lines < CLIENT_LOG_LINES_PER_WINDOW && this.all.lines < ALL_CLIENTS_LOG_LINES_PER_WINDOW) {
      budget.lines++;
      this.all.lines++;
      return true;
    }
    budget.suppressed++;
    this.all.suppressed++;
    this.suppressedTotal++;
    return false;
  }

  /** Ends the windows that are over, reporting what each suppressed. */
  roll(now = Date.now()): void {
    if (now - this.windowStart < CLIENT_LOG_WINDOW_MS) return;
    for (const [client, budget] of this.budgets) {
      if (budget.suppressed > 0)
        logger.warn(
          { source: "colyseus", client, suppressed: budget.suppressed },
          "log lines caused by one client were suppressed",
        );
    }
    this.budgets.clear();
    this.all = { lines: 0, suppressed: 0 };
    this.windowStart = now;
  }
}

export const clientLogLimiter = new ClientLogLimiter();

/** The client whose frame Colyseus is handling right now (frames are handled synchronously). */
let currentClient: Client | null = null;

function clientKey(client: Client): string {
  const steamId = (client.auth as { steamId?: string } | undefined)?.steamId;
  return steamId ? `steam:${steamId}` : `session:${client.sessionId}`;
}

let contextInstalled = false;
/** Remembers which client's frame is being handled, around Colyseus' per-frame handler (as @colyseus/testing wraps it). */
function installClientContext(): void {
  if (contextInstalled) return;
  contextInstalled = true;
  setInterval(() => clientLogLimiter.roll(), CLIENT_LOG_WINDOW_MS).unref();
  const proto = Room.prototype as unknown as { _onMessage: (client: Client, buffer: Buffer) => unknown };
  const onMessage = proto._onMessage;
  proto._onMessage = function (this: Room, client: Client, buffer: Buffer) {
    const previous = currentClient;
    currentClient = client;
    try {
      return onMessage.call(this, client, buffer);
    } finally {
      currentClient = previous;
    }
  };
}

type Level = "trace" | "debug" | "info" | "warn" | "error";

function emit(level: Level, args: unknown[]): void {
  if (!logger.isLevelEnabled(level)) return;
  const text = redactText(format(...args));
  if (currentClient && (level === "error" || level === "warn")) {
    const client = clientKey(currentClient);
    if (!clientLogLimiter.allow(client)) return;
    logger[level]({ source: "colyseus", client }, text);
    return;
  }
  logger[level]({ source: "colyseus" }, text);
}

/** What Colyseus logs through (the server's `logger` option): our logger, with per-client limits. */
export function colyseusLogger() {
  installClientContext();
  return {
    trace: (...args: unknown[]) => emit("trace", args),
    debug: (...args: unknown[]) => emit("debug", args),
    info: (...args: unknown[]) => emit("info", args),
    warn: (...args: unknown[]) => emit("warn", args),
    error: (...args: unknown[]) => emit("error", args),
  };
}
