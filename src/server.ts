import { defineServer, LocalDriver, LocalPresence, type RegisteredHandler, type Server } from "@colyseus/core";
import { RedisPresence } from "@colyseus/redis-presence";
import { colyseusLogger } from "./colyseus-log";
import { IndexedRedisDriver } from "./cluster/indexed-redis-driver";
import { redisSentinelSettings } from "./cluster/redis-sentinel";
import { configureHttpApp, type RouteModule } from "./http/http-app";
import type Redis from "ioredis";
import { watchRedisForReadiness } from "./http/readiness";
import { logRedisErrors } from "./cluster/redis-errors";
import { connectRedis, type Services } from "./services";
import { StaggeredPingTransport } from "./transport/staggered-ping-transport";

export interface GameServerOptions {
  rooms: Record<string, RegisteredHandler>;
  routeModules?: RouteModule[];
}

/**
 * `{port}` in PUBLIC_ADDRESS becomes this process's port (PORT + NODE_APP_INSTANCE under PM2, as
 * @colyseus/tools listen() computes it), so one PM2 app with N instances can share one setting.
 */
export function publicAddressOf(
  template: string | undefined,
  basePort: number,
  instance = Number(process.env.NODE_APP_INSTANCE ?? 0),
): string | undefined {
  return template?.replaceAll("{port}", String(basePort + instance));
}

function redisCluster(config: Services["config"], watched: (role: string, redis: Redis) => Redis) {
  const connect = () => connectRedis(config.REDIS_URL!, redisSentinelSettings(config));
  const presence = new RedisPresence(watched("presence", connect()));
  // The presence subscribes on a duplicate connection of its own; its errors go to the log too.
  logRedisErrors("presence subscriber", (presence as unknown as { sub: Redis }).sub);
  return { presence, driver: new IndexedRedisDriver(watched("room driver", connect())) };
}

/**
 * A dead connection (no pong) is closed between WS_PING_MAX_RETRIES and WS_PING_MAX_RETRIES + 1 intervals after
 * its last pong (default 20–30 s); each interval costs one ping frame and one pong per connection.
 */
export function webSocketTransportOptions(
  config: Pick<Services["config"], "WS_PING_INTERVAL_MS" | "WS_PING_MAX_RETRIES">,
) {
  return { maxPayload: 8 * 1024, pingInterval: config.WS_PING_INTERVAL_MS, pingMaxRetries: config.WS_PING_MAX_RETRIES };
}

/**
 * One Colyseus process: Express routes (auth, API) and rooms on the same port.
 * With REDIS_URL, presence and the room driver are shared so processes form one cluster.
 */
export function buildGameServer(services: Services, options: GameServerOptions): Server {
  const { config } = services;
  const watched = (role: string, redis: Redis) => {
    logRedisErrors(role, redis);
    watchRedisForReadiness(services, role, redis);
    return redis;
  };
  const shared = config.REDIS_URL
    ? redisCluster(config, watched)
    : { presence: new LocalPresence(), driver: new LocalDriver() };
  return defineServer({
    transport: new StaggeredPingTransport(webSocketTransportOptions(config)),
    ...shared,
    publicAddress: publicAddressOf(config.PUBLIC_ADDRESS, config.PORT),
    gracefullyShutdown: true,
    logger: colyseusLogger(),
    greet: false,
    rooms: options.rooms,
    express: (app) => configureHttpApp(app, services, options.routeModules ?? []),
  } as Parameters<typeof defineServer>[0]);
}
