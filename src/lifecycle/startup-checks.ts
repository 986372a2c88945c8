import net from "node:net";
import Redis from "ioredis";
import pg from "pg";
import type { Config } from "../config";
import { StartupError } from "./startup-error";
import { redisSentinelSettings, sentinelConnectionOptions } from "../cluster/redis-sentinel";

/** Each check gives up after this long, so a server that cannot start exits well within 10 s. */
const CHECK_TIMEOUT_MS = 4000;

/** A URL fit for a log line: no password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { errors?: Error[] };
  // Node's AggregateError (every address of a host refused) has an empty message and the code on top.
  return e?.code ?? (e?.message || e?.errors?.[0]?.message || String(err));
}

async function checkPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          "PORT",
          err.code === "EADDRINUSE"
            ? `port ${port} is already in use (another server on it?)`
            : `cannot listen on port ${port}: ${reason(err)}`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** Through the sentinels when REDIS_SENTINELS is set (REDIS_URL's host is then ignored), as the server connects. */
async function checkRedis(config: Config, url: string): Promise<void> {
  const sentinel = redisSentinelSettings(config);
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: CHECK_TIMEOUT_MS,
    enableOfflineQueue: false,
  };
  const redis = sentinel
    ? new Redis({ ...sentinelConnectionOptions(url, sentinel), ...options, sentinelRetryStrategy: () => null })
    : new Redis(url, options);
  let lastError: unknown = null;
  redis.on("error", (err) => (lastError = err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const cause = reason(lastError ?? err);
    throw sentinel
      ? new StartupError(
          "REDIS_SENTINELS",
          `cannot reach primary "${sentinel.name}" through sentinels ${config.REDIS_SENTINELS}: ${cause}`,
        )
      : new StartupError("REDIS_URL", `cannot use Redis at ${redactUrl(url)}: ${cause}`);
  } finally {
    redis.disconnect();
  }
}

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    throw new StartupError("DATABASE_URL", `cannot use PostgreSQL at ${redactUrl(url)}: ${reason(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * What start-up needs from outside, checked before anything registers in the cluster: the port is free,
 * Redis and PostgreSQL answer. A failure is a StartupError naming the setting to fix.
 */
export async function checkStartupDependencies(config: Config, port: number): Promise<void> {
  const checks: Array<Promise<void>> = [checkPortFree(port)];
  if (config.REDIS_URL) checks.push(checkRedis(config, config.REDIS_URL));
  if (config.DATABASE_URL) checks.push(checkPostgres(config.DATABASE_URL));
  const results = await Promise.allSettled(checks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
