import assert from "node:assert/strict";
import { RedisDriver } from "@colyseus/redis-driver";
import Redis from "ioredis";
import { RecoveringRedisDriver } from "../../src/cluster/recovering-redis-driver";
import { REAL_REDIS_URL } from "../helpers/backends";

/** One failed listing read (the connection is down), then the connection comes back. */
async function readAfterAFailedRead(driver: RedisDriver, client: Redis, failure: RegExp): Promise<unknown> {
  client.disconnect();
  await assert.rejects(driver.query({ name: "queue" }), failure);
  await client.connect();
  return driver.query({ name: "queue" });
}

(REAL_REDIS_URL ? describe : describe.skip)("room driver after a failed Redis read", () => {
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(REAL_REDIS_URL!, { lazyConnect: false, maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  after(() => {
    for (const c of clients) c.disconnect();
  });

  it("RecoveringRedisDriver refuses as `unavailable` (503) and reads the room listings again once Redis answers", async () => {
    const client = connect();
    const rooms = await readAfterAFailedRead(
      new RecoveringRedisDriver(client),
      client,
      /unavailable: the matchmaking store \(Redis\)/,
    );
    assert.ok(Array.isArray(rooms));
  });

  it("the upstream RedisDriver still keeps the rejected read (remove RecoveringRedisDriver when this fails)", async () => {
    const client = connect();
    await assert.rejects(
      readAfterAFailedRead(new RedisDriver(client), client, /Connection is closed/),
      /Connection is closed/,
    );
  });
});
