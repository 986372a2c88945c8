import type Redis from "ioredis";
import { log } from "../logger";

/** One warning per connection role in this interval while Redis is down, instead of one per retry. */
const WARN_INTERVAL_MS = 10_000;

/**
 * Connection errors of a Redis client go to the log, rate-limited, plus one line when it is back. Without a
 * listener ioredis prints every retry's error to the console, outside the logger.
 */
export function logRedisErrors(role: string, redis: Redis): void {
  let lastWarn = 0;
  let failing = false;
  redis.on("error", (err: Error) => {
    failing = true;
    const now = Date.now();
    if (now - lastWarn < WARN_INTERVAL_MS) return;
    lastWarn = now;
    log.warn("Redis connection error; retrying", { role, error: err.message });
  });
  redis.on("ready", () => {
    if (!failing) return;
    failing = false;
    lastWarn = 0;
    log.info("Redis connection restored", { role });
  });
}
