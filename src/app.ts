import type { Server } from "@colyseus/core";
import type { Config } from "./config";
import type { RouteModule } from "./http/http-app";
import { playerApiRoutes } from "./api";
import { mountReplayRoutes } from "./battle/replay-routes";
import { protocolRoute } from "./rooms/protocol-route";
import { mountMetricsRoute } from "./metrics/metrics-route";
import { buildGameServer } from "./server";
import { createServices, type Services } from "./services";
import { roomDefinitions } from "./rooms";
import { guardRequestBodies } from "./http/request-size-guard";
import { authJsonRoutes } from "./auth/routes";
import { authRouteDeps } from "./http/http-app";
import { serveJsonRoutesFirst } from "./http/json-routes";
import { errorFields, log } from "./logger";
import { drainFor, refuseMatchmakingWhileDraining } from "./lifecycle/drain";
import { logRedisErrors } from "./cluster/redis-errors";
import { startClusterUpkeep } from "./cluster/cluster-upkeep";
import { addRetryAfterToMatchmakeRefusals } from "./http/matchmake-retry-after";
import { mountWebClient } from "./http/web-client";
import { applyCorsPolicy, colyseusCorsHeaders } from "./http/cors";

export const routeModules: RouteModule[] = [
  playerApiRoutes,
  mountReplayRoutes,
  protocolRoute,
  mountMetricsRoute,
  mountWebClient,
];

export interface App {
  services: Services;
  server: Server;
}

/** Wires configuration → services → Colyseus server with every room and route module. */
export async function createApp(config: Config): Promise<App> {
  const services = await createServices(config);
  if (services.redis) logRedisErrors("shared store", services.redis);
  applyCorsPolicy(config.CORS_ORIGINS);
  const { matchmaking, playModes } = services;
  // Keep the matchmaker's rating cache in step with recorded results (also those drained from the outbox).
  services.resultHooks.push(async (_match, recorded) => {
    for (const p of recorded.participants)
      await matchmaking.ratings.set(p.steamId, { rating: p.after.rating, deviation: p.after.deviation });
  });
  const server = buildGameServer(services, { rooms: roomDefinitions(services), routeModules });
  const http = server.transport?.server as import("node:http").Server | undefined;
  if (http) {
    prepareHttpServer(http, services);
    // The matcher seats pairs through Colyseus' matchmaker, which accepts rooms once the server listens.
    http.once("listening", () => playModes.start());
  }
  // Graceful shutdown: stop pairing first (tickets expire by lease elsewhere), let battles finish, then close.
  const drain = drainFor(services);
  server.onBeforeShutdown(() => {
    drain.start();
    return playModes.stop();
  });
  const stopClusterUpkeep = startClusterUpkeep(services);
  server.onShutdown(() => {
    drain.finish();
    stopClusterUpkeep();
    return services.close();
  });
  return { services, server };
}

/** Largest request body any route accepts (Express JSON routes allow 16 KB of it). */
export const MAX_REQUEST_BODY_BYTES = 32 * 1024;

/**
 * Request handling ahead of Colyseus and Express: the auth JSON routes are answered first, and every request
 * body is size-checked before any of them.
 */
export function prepareHttpServer(http: import("node:http").Server, services: Services): void {
  serveJsonRoutesFirst(http, authJsonRoutes(authRouteDeps(services)), {
    trustProxy: services.trustProxy,
    responseHeaders: colyseusCorsHeaders,
    logUnexpected: (message, err) => log.error(message, errorFields(err)),
  });
  refuseMatchmakingWhileDraining(http, drainFor(services));
  guardRequestBodies(http, MAX_REQUEST_BODY_BYTES);
  addRetryAfterToMatchmakeRefusals(http);
}
