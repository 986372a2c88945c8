import { defineServer, LocalDriver, LocalPresence, type RegisteredHandler, type Server } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { configureHttpApp, type RouteModule } from "./http-app";
import { connectRedis, type Services } from "./services";

export interface GameServerOptions {
  rooms: Record<string, RegisteredHandler>;
  routeModules?: RouteModule[];
}

/**
 * One Colyseus process: Express routes (auth, API) and rooms on the same port.
 * With REDIS_URL, presence and the room driver are shared so processes form one cluster.
 */
export function buildGameServer(services: Services, options: GameServerOptions): Server {
  const { config } = services;
  const shared = config.REDIS_URL
    ? { presence: new RedisPresence(connectRedis(config.REDIS_URL)), driver: new RedisDriver(connectRedis(config.REDIS_URL)) }
    : { presence: new LocalPresence(), driver: new LocalDriver() };
  return defineServer({
    transport: new WebSocketTransport({ maxPayload: 8 * 1024, pingInterval: 3000, pingMaxRetries: 2 }),
    ...shared,
    publicAddress: config.PUBLIC_ADDRESS,
    gracefullyShutdown: true,
    greet: false,
    rooms: options.rooms,
    express: (app) => configureHttpApp(app, services, options.routeModules ?? []),
  } as Parameters<typeof defineServer>[0]);
}
