import { initializeRoomCache, type IRoomCache } from "@colyseus/core";
import type Redis from "ioredis";
import { RecoveringRedisDriver } from "./recovering-redis-driver";

/** The hash where Colyseus' RedisDriver keeps every room listing of the cluster (one field per room). */
const ROOM_CACHES_KEY = "roomcaches";

/** Room types looked up by name on every join: each queue join asks for the `queue` room. */
export const INDEXED_ROOM_NAMES: ReadonlySet<string> = new Set(["queue"]);

/** The set of room ids of one indexed room type (unprefixed, as Colyseus' own keys). */
export const roomNameIndexKey = (name: string) => `${ROOM_CACHES_KEY}:by-name:${name}`;

/**
 * The room driver with an index of the room ids of the types in INDEXED_ROOM_NAMES. Colyseus' RedisDriver
 * answers `findOne({ name })` by reading every listing of the cluster (HGETALL) and filtering: with 7,500
 * battles that is ~2 MB read and parsed per queue join, dozens of times a second (docs/BENCHMARKS.md, "Fix: queue
 * joins read only the queue rooms"). Here a queue room's id also goes into a set of its own, and the lookup
 * reads only those listings (SMEMBERS, HMGET). Ids whose listing is gone (a room removed by another process's
 * cleanup) are skipped and dropped from the set. Everything else, the filtering and sorting of `findOne`
 * included, is RedisDriver's: only its private `getRooms(name)` (@colyseus/redis-driver 0.18.3) is replaced for
 * the indexed names.
 */
export class IndexedRedisDriver extends RecoveringRedisDriver {
  constructor(private readonly client: Redis) {
    super(client);
    const reads = this as unknown as { getRooms(roomName?: string): Promise<IRoomCache[]> };
    const everyListing = reads.getRooms;
    reads.getRooms = (roomName?: string) =>
      roomName !== undefined && INDEXED_ROOM_NAMES.has(roomName) ? this.listings(roomName) : everyListing(roomName);
  }

  override async persist(room: IRoomCache, create = false): Promise<boolean> {
    const persisted = await super.persist(room, create);
    if (persisted && INDEXED_ROOM_NAMES.has(room.name))
      await this.client.sadd(roomNameIndexKey(room.name), room.roomId);
    return persisted;
  }

  override async remove(roomId: string): Promise<boolean> {
    const removed = await super.remove(roomId);
    await Promise.all([...INDEXED_ROOM_NAMES].map((name) => this.client.srem(roomNameIndexKey(name), roomId)));
    return removed;
  }

  override async cleanup(processId: string): Promise<void> {
    await super.cleanup(processId);
    await Promise.all([...INDEXED_ROOM_NAMES].map((name) => this.listings(name)));
  }

  /** The listings of one indexed room type; ids whose listing is gone leave the index. */
  private async listings(name: string): Promise<IRoomCache[]> {
    const key = roomNameIndexKey(name);
    const ids = await this.client.smembers(key);
    if (ids.length === 0) return [];
    const raw = await this.client.hmget(ROOM_CACHES_KEY, ...ids);
    const gone = ids.filter((_, i) => raw[i] === null);
    if (gone.length > 0) await this.client.srem(key, ...gone);
    return raw.flatMap((entry) => (entry === null ? [] : [initializeRoomCache(JSON.parse(entry))]));
  }
}
