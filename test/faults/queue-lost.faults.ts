import assert from "node:assert/strict";
import type { Knex } from "knex";
import { QueuePlayer } from "../matchmaker/queue-client";
import { RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, preparePlayer, queueOn, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

/** MM_QUEUE_UNREACHABLE_SECONDS for this test (30 in production). */
const GIVE_UP_SECONDS = 3;
/** Heartbeats every lease/3 = 1 s. */
const LEASE_SECONDS = 3;
/**
 * A heartbeat, plus the time a command to an absent Redis takes to fail: ioredis fails pending commands after
 * every 4 reconnection attempts (maxRetriesPerRequest 3), which come up to 2 s apart; plus 2 s of slack for a
 * loaded machine. Still far below the 30 s default, so the setting is what decided.
 */
const FAILURE_DETECTION_MS = (LEASE_SECONDS * 1000) / 3 + 8000 + 2000;

describe("fault: Redis goes away and does not come back while players wait in the queue", function () {
  this.timeout(120_000);
  let redis: RedisInstance;
  let knex: Knex;
  let server: ServerProcess;
  const players: QueuePlayer[] = [];

  before(async () => {
    const pg = await suitePostgres();
    const db = await createGameDatabase(pg.url, nextDatabaseName("faults_qlost"));
    knex = db.knex;
    redis = await RedisInstance.create({ persistent: false });
    server = await ServerProcess.start({
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      MM_QUEUE_UNREACHABLE_SECONDS: String(GIVE_UP_SECONDS),
      MM_TICKET_LEASE_SECONDS: String(LEASE_SECONDS),
    });
  });

  after(async () => {
    await leaveAll(players);
    await server?.stop("SIGKILL");
    await knex?.destroy();
    await redis?.destroy();
  });

  it(`waiting players get error { code: "queue_lost" } and are closed (4503) once the queue was unreachable for MM_QUEUE_UNREACHABLE_SECONDS`, async () => {
    // Ratings far apart: nobody is matched.
    for (const rating of [1000, 3000, 5000])
      players.push(await queueOn(server, (await preparePlayer(server, knex, rating)).token));
    const late = await preparePlayer(server, knex, 7000);

    await redis.kill();
    const killed = Date.now();
    const lost = await Promise.all(
      players.map(async (p) => {
        const error = await p.next("error", 30_000);
        return { error, at: Date.now() - killed, code: await p.left(10_000) };
      }),
    );
    console.log(
      `      queue_lost after ${lost.map((l) => l.at).join(" / ")} ms (MM_QUEUE_UNREACHABLE_SECONDS=${GIVE_UP_SECONDS})`,
    );
    for (const l of lost) {
      assert.equal(l.error.code, "queue_lost", JSON.stringify(l.error));
      assert.equal(l.code, 4503, "closed with 4503 so the client joins again");
      assert.ok(
        l.at >= GIVE_UP_SECONDS * 1000,
        `told after ${l.at} ms, before the queue was unreachable ${GIVE_UP_SECONDS} s`,
      );
      assert.ok(l.at < GIVE_UP_SECONDS * 1000 + FAILURE_DETECTION_MS, `told only after ${l.at} ms`);
    }
    for (const p of players) assert.equal(p.has("matched"), false);

    // Joining again while Redis is still gone is refused as unavailable (the client retries later).
    const again = await QueuePlayer.join(server.wsUrl, late.token).then(
      (p) => (players.push(p), null),
      (e: { code?: number; message?: string }) => e,
    );
    assert.equal(again?.code, 503, `a join while Redis is gone: ${again?.message}`);
    assert.match(String(again?.message), /unavailable/);
    assert.equal(server.exited, false, "the process stays up without Redis");
  });
});
