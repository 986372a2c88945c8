import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import type { Knex } from "knex";
import { QueuePlayer } from "../matchmaker/queue-client";
import { RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, preparePlayer, queueOn, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

/** The contract: the dead battle's players can queue again within 60 s. */
const REQUEUE_LIMIT_MS = 60_000;

describe("fault: SIGKILL of the process hosting a battle, one of two", function () {
  this.timeout(180_000);
  let redis: RedisInstance;
  let knex: Knex;
  const servers: ServerProcess[] = [];
  const rooms: Array<{ leave(): Promise<unknown> }> = [];

  before(async () => {
    const pg = await suitePostgres();
    const db = await createGameDatabase(pg.url, nextDatabaseName("faults_kill"));
    knex = db.knex;
    redis = await RedisInstance.create({ persistent: false });
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url };
    servers.push(await ServerProcess.start(env), await ServerProcess.start(env));
  });

  after(async () => {
    await leaveAll(rooms.map((r) => ({ leave: async () => void (await r.leave()) })));
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    await knex?.destroy();
    await redis?.destroy();
  });

  it("the killed battle's players queue again at once on the survivor, and new pairs are matched there", async () => {
    const pair = [await preparePlayer(servers[0], knex, 1500), await preparePlayer(servers[1], knex, 1500)];
    const queued = [await queueOn(servers[0], pair[0].token), await queueOn(servers[1], pair[1].token)];
    const matched = [await queued[0].next("matched", 30_000), await queued[1].next("matched", 30_000)];
    const battles: Room[] = [];
    for (const [i, m] of matched.entries()) battles.push(await queued[i].client.consumeSeatReservation(m.reservation));
    rooms.push(...battles);
    const host = servers.find((s) => matched[0].reservation.publicAddress === `127.0.0.1:${s.port}`)!;
    const survivor = servers.find((s) => s !== host)!;
    assert.ok(host && survivor, `battle hosted at ${matched[0].reservation.publicAddress}`);

    await host.stop("SIGKILL");
    const killed = Date.now();
    for (const p of pair) {
      const again = await queueOn(survivor, p.token, 20_000).catch((e: Error) => e);
      assert.ok(again instanceof QueuePlayer, `re-queue refused: ${String(again)}`);
      assert.equal(again.has("error"), false, JSON.stringify(again.messages));
      rooms.push(again);
    }
    const requeuedAfter = Date.now() - killed;
    console.log(`      both players of the killed battle queued again ${requeuedAfter} ms after the SIGKILL`);
    assert.ok(requeuedAfter < REQUEUE_LIMIT_MS);

    // They are matched with each other again, on the surviving process (the dead one is never chosen).
    const [ra, rb] = rooms.slice(-2) as QueuePlayer[];
    const [ma, mb] = [await ra.next("matched", 45_000), await rb.next("matched", 45_000)];
    assert.equal(ma.reservation.roomId, mb.reservation.roomId);
    assert.equal(ma.reservation.publicAddress, `127.0.0.1:${survivor.port}`);
  });
});
