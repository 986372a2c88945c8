import assert from "node:assert/strict";
import type { Knex } from "knex";
import { QueuePlayer } from "../matchmaker/queue-client";
import { sleep } from "../helpers/wait";
import { RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, preparePlayer, queueOn, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

/** How soon after Redis answers again every process must accept queue joins (the contract). */
const RECOVERY_LIMIT_MS = 10_000;

for (const persistent of [false, true]) {
  describe(`fault: Redis restarts while players are queued (${persistent ? "AOF persistence" : "no persistence"})`, function () {
    this.timeout(180_000);
    let redis: RedisInstance;
    let knex: Knex;
    const servers: ServerProcess[] = [];
    const players: QueuePlayer[] = [];

    before(async () => {
      const pg = await suitePostgres();
      const db = await createGameDatabase(pg.url, nextDatabaseName("faults_redis"));
      knex = db.knex;
      redis = await RedisInstance.create({ persistent });
      const env = { DATABASE_URL: db.url, REDIS_URL: redis.url };
      servers.push(await ServerProcess.start(env), await ServerProcess.start(env));
    });

    after(async () => {
      await leaveAll(players);
      await Promise.all(servers.map((s) => s.stop("SIGKILL")));
      await knex?.destroy();
      await redis?.destroy();
    });

    it("every process takes queue joins again within 10 s of Redis returning, and the players who waited are matched", async () => {
      // Ratings far apart: nobody is matched before the fault.
      const waiting = [await preparePlayer(servers[0], knex, 1000), await preparePlayer(servers[1], knex, 3000)];
      const waitingPlayers = [await queueOn(servers[0], waiting[0].token), await queueOn(servers[1], waiting[1].token)];
      players.push(...waitingPlayers);

      const duringOutage = [await preparePlayer(servers[0], knex, 9000), await preparePlayer(servers[1], knex, 9000)];
      await redis.kill();
      // A join during the outage is refused clearly (and leaves the room driver a failed read to get over).
      for (const [i, server] of servers.entries()) {
        const during = duringOutage[i];
        const refusal = await QueuePlayer.join(server.wsUrl, during.token).then(
          (p) => (players.push(p), null),
          (e: { code?: number; message?: string }) => e,
        );
        assert.equal(refusal?.code, 503, `a join during the outage: ${refusal?.message}`);
        assert.match(String(refusal?.message), /unavailable/);
      }
      await redis.start();
      const back = Date.now();

      // A fresh player on each process: joins succeed again (they are refused `unavailable` until then).
      const recoveredAfter: number[] = [];
      for (const [i, server] of servers.entries()) {
        const probe = await preparePlayer(server, knex, 5000 + i * 1000);
        let joinError = "";
        for (;;) {
          const joined = await QueuePlayer.join(server.wsUrl, probe.token).then(
            (p) => p,
            (e: Error) => {
              joinError = e.message;
              return null;
            },
          );
          if (joined) {
            players.push(joined);
            await joined.next("queued", 10_000);
            break;
          }
          assert.ok(
            Date.now() - back < RECOVERY_LIMIT_MS + 5000,
            `process ${i} still refuses queue joins: ${joinError}`,
          );
          await sleep(250);
        }
        recoveredAfter.push(Date.now() - back);
      }
      console.log(`      queue joins accepted again ${recoveredAfter.join(" ms / ")} ms after Redis returned`);
      for (const ms of recoveredAfter) assert.ok(ms <= RECOVERY_LIMIT_MS, `recovered after ${ms} ms`);

      // Opponents for the players who waited through the fault: they are matched only if their tickets are back.
      const opponents = [await preparePlayer(servers[1], knex, 1000), await preparePlayer(servers[0], knex, 3000)];
      const opponentPlayers = [
        await queueOn(servers[1], opponents[0].token),
        await queueOn(servers[0], opponents[1].token),
      ];
      players.push(...opponentPlayers);
      for (const [i, p] of waitingPlayers.entries()) {
        const matched = await p.next("matched", 45_000);
        const theirs = await opponentPlayers[i].next("matched", 15_000);
        assert.equal(matched.reservation.roomId, theirs.reservation.roomId);
        assert.equal(p.has("error"), false, JSON.stringify(p.messages));
        if (!persistent)
          assert.ok(p.has("requeued"), "the ticket lost with Redis was put back and the player told `requeued`");
      }
    });
  });
}
