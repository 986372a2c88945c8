import { defineServer, LocalDriver, LocalPresence, type RegisteredHandler, type Server } from "@colyseus/core";
import { RedisPresence } from "@colyseus/redis-presence";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { RecoveringRedisDriver } from "./cluster/recovering-redis-driver";
import { redisSentinelSettings } from "./cluster/redis-sentinel";
import { configureHttpApp, type RouteModule } from "./http-app";
import { connectRedis, type Services } from "./services";

export interface GameServerOptions {
  rooms: Record<string, RegisteredHandler>;
  routeModules?: RouteModule[];
}

/**
 * `{port}` in PUBLIC_ADDRESS becomes this process's port (PORT + NODE_APP_INSTANCE under PM2, as
 * @colyseus/tools listen() computes it), so one PM2 app with N instances can share one setting.
 */
export function publicAddressOf(template: string | undefined, basePort: number, instance = Number(process.env.NODE_APP_INSTANCE ?? 0)): string | undefined {
  return template?.replaceAll("{port}", String(basePort + instance));
}

/**
 * One Colyseus process: Express routes (auth, API) and rooms on the same port.
 * With REDIS_URL, presence and the room driver are shared so processes form one cluster.
 */
export function buildGameServer(services: Services, options: GameServerOptions): Server {
  const { config } = services;
  const shared = config.REDIS_URL
    ? {
        presence: new RedisPresence(connectRedis(config.REDIS_URL, redisSentinelSettings(config))),
        driver: new RecoveringRedisDriver(connectRedis(config.REDIS_URL, redisSentinelSettings(config))),
      }
    : { presence: new LocalPresence(), driver: new LocalDriver() };
  return defineServer({
    transport: new WebSocketTransport({ maxPayload: 8 * 1024, pingInterval: 3000, pingMaxRetries: 2 }),
    ...shared,
    publicAddress: publicAddressOf(config.PUBLIC_ADDRESS, config.PORT),
    gracefullyShutdown: true,
    greet: false,
    rooms: options.rooms,
    express: (app) => configureHttpApp(app, services, options.routeModules ?? []),
  } as Parameters<typeof defineServer>[0]);
}
