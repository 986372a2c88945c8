import type { RedisOptions } from "ioredis";

export interface RedisSentinelSettings {
  sentinels: Array<{ host: string; port: number }>;
  /** The monitored primary's name (`sentinel monitor <name> …`). */
  name: string;
}

/** REDIS_SENTINELS ("host:port,host:port") + REDIS_SENTINEL_NAME, or null when no sentinels are configured. */
export function redisSentinelSettings(config: {
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME: string;
}): RedisSentinelSettings | null {
  if (!config.REDIS_SENTINELS) return null;
  const sentinels = config.REDIS_SENTINELS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const i = s.lastIndexOf(":");
      return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
    });
  return { sentinels, name: config.REDIS_SENTINEL_NAME };
}

/**
 * ioredis options reaching the current primary through Sentinel: the sentinels are asked for the primary's
 * address at every (re)connection, so after a failover every connection (presence, driver, queue, caches,
 * outbox) follows the new primary. Username, password and database number still come from REDIS_URL.
 */
export function sentinelConnectionOptions(url: string, sentinel: RedisSentinelSettings): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.replace(/^\//, "") || 0);
  return {
    sentinels: sentinel.sentinels,
    name: sentinel.name,
    // Reconnect (through the sentinels) when Sentinel announces a new primary, and when a command reaches a
    // demoted primary (READONLY): the command is sent again to the new one.
    failoverDetector: true,
    reconnectOnError: (err) => (err.message.startsWith("READONLY") ? 2 : false),
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password
      ? { password: decodeURIComponent(parsed.password), sentinelPassword: decodeURIComponent(parsed.password) }
      : {}),
    ...(parsed.protocol === "rediss:" ? { tls: {}, enableTLSForSentinelMode: true } : {}),
  };
}
