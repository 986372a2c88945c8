import type { IRoomCache, SortOptions } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import type Redis from "ioredis";
import { asMatchmakingError } from "../dependency-errors";

/** The private read-sharing fields of @colyseus/redis-driver 0.18.3's RedisDriver (src/RedisDriver.ts). */
interface SharedRoomReads {
  getRooms(roomName?: string): Promise<IRoomCache[]>;
  _concurrentRoomCacheRequest?: Promise<Record<string, string>>;
  _roomCacheRequestByName: Record<string, Promise<IRoomCache[]> | undefined>;
}

/**
 * RedisDriver whose room listing reads recover after a Redis failure.
 *
 * Upstream bug (@colyseus/redis-driver 0.18.3, `RedisDriver.getRooms`): concurrent listing reads share one
 * in-flight HGETALL promise, and the shared promise is cleared only when it resolves. One failed read (Redis
 * restarting) leaves the rejected promise cached, so every later `query`/`findOne` on this process — every
 * `joinOrCreate` — gets that rejection forever. Here the shared promises are dropped when they reject, so the
 * next read asks Redis again. Remove this class once upstream clears them in a `finally` (see
 * docs/operations.md "Upstream notes"); test/cluster/recovering-redis-driver.test.ts fails loudly then.
 *
 * Listing reads that fail because Redis is down become `unavailable` refusals (HTTP 503 on /matchmake)
 * instead of Colyseus' generic 523.
 */
export class RecoveringRedisDriver extends RedisDriver {
  constructor(client: Redis) {
    super(client);
    const reads = this as unknown as SharedRoomReads;
    const sharedRead = reads.getRooms.bind(this);
    reads.getRooms = (roomName?: string) => {
      const byName = sharedRead(roomName);
      const raw = reads._concurrentRoomCacheRequest;
      byName.catch(() => {
        if (reads._roomCacheRequestByName[roomName as string] === byName)
          delete reads._roomCacheRequestByName[roomName as string];
        if (reads._concurrentRoomCacheRequest === raw) reads._concurrentRoomCacheRequest = undefined;
      });
      return byName;
    };
  }

  override query(conditions: Partial<IRoomCache>, sortOptions?: SortOptions): Promise<IRoomCache[]> {
    return super.query(conditions, sortOptions).catch(asMatchmakingError);
  }

  override findOne(conditions: Partial<IRoomCache>, sortOptions?: SortOptions): Promise<IRoomCache> {
    return Promise.resolve(super.findOne(conditions, sortOptions)).catch(asMatchmakingError);
  }
}
