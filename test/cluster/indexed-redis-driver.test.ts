import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { initializeRoomCache, type IRoomCache } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import Redis from "ioredis";
import { IndexedRedisDriver, roomNameIndexKey } from "../../src/cluster/indexed-redis-driver";
import { REAL_REDIS_URL, testRedisUrl } from "../helpers/backends";

function listing(name: string, processId: string, extra: Partial<IRoomCache> = {}): IRoomCache {
  return initializeRoomCache({
    name,
    roomId: `${name}-${randomUUID()}`,
    processId,
    clients: 0,
    maxClients: 100,
    locked: false,
    private: false,
    ...extra,
  });
}

(REAL_REDIS_URL ? describe : describe.skip)("room driver with the queue rooms indexed by name", () => {
  let client: Redis;
  let driver: IndexedRedisDriver;
  const created: IRoomCache[] = [];

  before(async () => {
    client = new Redis(await testRedisUrl());
    driver = new IndexedRedisDriver(client);
  });
  after(async () => {
    for (const room of created) await driver.remove(room.roomId);
    client.disconnect();
  });

  async function persist(room: IRoomCache): Promise<IRoomCache> {
    created.push(room);
    await driver.persist(room, true);
    return room;
  }

  it("finds the queue room as RedisDriver does, reading only the queue rooms' listings", async () => {
    const processId = randomUUID();
    for (let i = 0; i < 50; i++) await persist(listing("battle", processId, { locked: i % 2 === 0 }));
    const locked = await persist(listing("queue", processId, { locked: true }));
    const open = await persist(listing("queue", processId, { clients: 3 }));
    const conditions = { name: "queue", locked: false, private: false };

    const reads: string[] = [];
    const hgetall = client.hgetall.bind(client);
    client.hgetall = ((...args: Parameters<Redis["hgetall"]>) => {
      reads.push(String(args[0]));
      return hgetall(...args);
    }) as Redis["hgetall"];
    const found = await driver.findOne(conditions, { clients: -1 });
    client.hgetall = hgetall;

    assert.deepEqual(reads, [], "no HGETALL of every listing");
    assert.equal(found?.roomId, open.roomId);
    const upstream = await new RedisDriver(client).findOne(conditions, { clients: -1 });
    assert.equal(upstream?.roomId, found?.roomId, "the same answer as Colyseus' RedisDriver");
    assert.ok((await client.smembers(roomNameIndexKey("queue"))).includes(locked.roomId));
    assert.equal((await client.smembers(roomNameIndexKey("battle"))).length, 0, "battles are not indexed");
    // Other names and queries without a name still read every listing.
    assert.equal((await driver.query({ name: "battle", processId })).length, 50);
  });

  it("drops a removed room from the index, and an id whose listing another process removed", async () => {
    const processId = randomUUID();
    const gone = await persist(listing("queue", processId));
    const elsewhere = await persist(listing("queue", processId));
    await driver.remove(gone.roomId);
    assert.ok(!(await client.smembers(roomNameIndexKey("queue"))).includes(gone.roomId));

    // Another process's cleanup deleted the listing with plain RedisDriver: the id is skipped, then dropped.
    await client.hdel("roomcaches", elsewhere.roomId);
    const found = await driver.findOne({ name: "queue", processId });
    assert.equal(found, undefined);
    assert.ok(!(await client.smembers(roomNameIndexKey("queue"))).includes(elsewhere.roomId));
  });

  it("cleanup of a dead process removes its queue rooms from the index", async () => {
    const dead = randomUUID();
    const room = await persist(listing("queue", dead));
    await driver.cleanup(dead);
    assert.equal(await driver.findOne({ name: "queue", processId: dead }), undefined);
    assert.ok(!(await client.smembers(roomNameIndexKey("queue"))).includes(room.roomId));
  });
});
