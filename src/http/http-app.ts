import express from "express";
import { authRoutes, type AuthRouteDeps } from "../auth/routes";
import { ApiError, errorHandler, sendError } from "./http-errors";
import { JSON_BODY_LIMIT_BYTES } from "./json-routes";
import { errorFields, log } from "../logger";
import { readinessRoute } from "./readiness";
import type { Services } from "../services";

/** Extra routers mounted by later modules (player API, replays, metrics). */
export type RouteModule = (app: express.Application, services: Services) => void;

export function authRouteDeps(services: Services): AuthRouteDeps {
  return {
    knex: services.db.knex,
    steamLogin: services.steamLogin,
    accessTokens: services.accessTokens,
    refreshTokens: services.refreshTokens,
    rateLimiter: services.rateLimiter,
    tokenRateLimiters: services.tokenRateLimiters,
    banList: services.banList,
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
  // Readiness: a load balancer routes players here only while this answers 200 (docs/operations.md).
  app.get("/ready", readinessRoute(services));
  app.use(authRoutes(authRouteDeps(services)));
  for (const mount of modules) mount(app, services);
  // Colyseus answers its own routes (/matchmake/*) before Express sees a request.
  app.use((req, res) => {
    sendError(res, new ApiError(404, "not_found", `No route for ${req.method} ${req.path}`));
  });
  app.use(errorHandler((msg, err) => log.error(msg, errorFields(err))));
}
