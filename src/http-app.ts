import express from "express";
import { authRoutes, type AuthRouteDeps } from "./auth/routes";
import { ApiError, errorHandler, sendError } from "./http-errors";
import { JSON_BODY_LIMIT_BYTES } from "./json-routes";
import { errorFields, log } from "./logger";
import type { Services } from "./services";

/** Extra routers mounted by later modules (player API, replays, metrics). */
export type RouteModule = (app: express.Application, services: Services) => void;

export function authRouteDeps(services: Services): AuthRouteDeps {
  return {
    knex: services.db.knex,
    steamLogin: services.steamLogin,
    accessTokens: services.accessTokens,
    refreshTokens: services.refreshTokens,
    rateLimiter: services.rateLimiter,
  };
}

/** Configures the Express app that Colyseus serves next to its matchmaking routes. */
export function configureHttpApp(app: express.Application, services: Services, modules: RouteModule[] = []): void {
  app.set("trust proxy", services.trustProxy);
  app.disable("x-powered-by");
  app.use(express.json({ limit: JSON_BODY_LIMIT_BYTES }));
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  // Readiness: a load balancer should route players here only while PostgreSQL (and Redis) answer.
  app.get("/ready", (_req, res) => {
    const within = <T>(p: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), 2000)));
      return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
    };
    Promise.all([
      within(services.db.knex.raw("select 1")).then(() => "up" as const),
      services.redis ? within(services.redis.ping()).then(() => "up" as const) : Promise.resolve("none" as const),
    ]).then(
      ([database, redis]) => res.json({ ok: true, database, redis }),
      (err: unknown) =>
        sendError(res, new ApiError(503, "not_ready", `a dependency is unavailable: ${err instanceof Error ? err.message : String(err)}`)),
    );
  });
  app.use(authRoutes(authRouteDeps(services)));
  for (const mount of modules) mount(app, services);
  // Colyseus answers its own routes (/matchmake/*) before Express sees a request.
  app.use((req, res) => {
    sendError(res, new ApiError(404, "not_found", `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler((msg, err) => log.error(msg, errorFields(err))));
}
