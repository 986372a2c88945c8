import { pingDatabase } from "../db/database";
import type { RequestHandler } from "express";
import type Redis from "ioredis";
import { drainFor } from "../lifecycle/drain";
import { ApiError, sendError } from "./http-errors";
import type { Services } from "../services";

/** How long one dependency may take to answer a readiness probe. */
const PROBE_TIMEOUT_MS = 2000;

/** Redis connections this process cannot serve players without (Colyseus presence and room driver), by role. */
const watchedRedis = new WeakMap<Services, Map<string, Redis>>();

export function watchRedisForReadiness(services: Services, role: string, redis: Redis): void {
  let roles = watchedRedis.get(services);
  if (!roles) {
    roles = new Map();
    watchedRedis.set(services, roles);
  }
  roles.set(role, redis);
}

function within<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 2 s")), PROBE_TIMEOUT_MS)),
  );
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function probeRedis(role: string, redis: Redis): Promise<void> {
  // ioredis queues commands while reconnecting; a connection that is not ready is down for players now.
  if (redis.status !== "ready") throw new Error(`${role} Redis is ${redis.status}`);
  await within(redis.ping()).catch((err: Error) => {
    throw new Error(`${role} Redis: ${err.message}`);
  });
}

/**
 * GET /ready: 200 while this process should get players; 503 `{ error: { code, message } }` while it drains
 * (graceful shutdown) or while PostgreSQL or a Redis connection it needs does not answer. GET /health stays a
 * liveness check (the process runs) and never looks at dependencies.
 */
export function readinessRoute(services: Services): RequestHandler {
  return (_req, res) => {
    if (drainFor(services).draining) {
      return sendError(
        res,
        new ApiError(
          503,
          "draining",
          "this server is shutting down and takes no new players",
          {},
          { "retry-after": "1" },
        ),
      );
    }
    const redisChecks = [...(watchedRedis.get(services) ?? new Map<string, Redis>())].map(([role, redis]) =>
      probeRedis(role, redis),
    );
    if (services.redis) redisChecks.push(probeRedis("shared store", services.redis));
    Promise.all([
      within(pingDatabase(services.db.knex)).catch((err: Error) => {
        throw new Error(`database: ${err.message}`);
      }),
      ...redisChecks,
    ]).then(
      () => res.json({ ok: true, database: "up", redis: services.redis ? "up" : "none" }),
      (err: unknown) =>
        sendError(
          res,
          new ApiError(
            503,
            "not_ready",
            `a dependency is unavailable: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
    );
  };
}
