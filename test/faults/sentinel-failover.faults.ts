import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Knex } from "knex";
import { freePort } from "../helpers/game-server";
import { sleep, waitFor } from "../helpers/wait";
import { QueuePlayer } from "../matchmaker/queue-client";
import { ping, RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, preparePlayer, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

const run = promisify(execFile);
const NAME = "cardgame";

async function primaryPort(sentinelPort: number): Promise<number> {
  const { stdout } = await run("redis-cli", ["-p", String(sentinelPort), "SENTINEL", "get-master-addr-by-name", NAME]);
  return Number(stdout.trim().split("\n")[1]);
}

describe("fault: Redis Sentinel fails the primary over while the cluster plays", function () {
  this.timeout(180_000);
  let primary: RedisInstance;
  let replica: RedisInstance;
  const sentinels: ChildProcess[] = [];
  const sentinelPorts: number[] = [];
  let dir: string;
  let knex: Knex;
  const servers: ServerProcess[] = [];
  const players: QueuePlayer[] = [];

  before(async () => {
    const pg = await suitePostgres();
    const db = await createGameDatabase(pg.url, nextDatabaseName("faults_sentinel"));
    knex = db.knex;
    primary = await RedisInstance.create({ persistent: false });
    replica = await RedisInstance.create({
      persistent: false,
      extraArgs: ["--replicaof", "127.0.0.1", String(primary.port)],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-faults-sentinel-"));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = path.join(dir, `sentinel-${i}.conf`);
      fs.writeFileSync(
        conf,
        [
          `port ${port}`,
          "bind 127.0.0.1",
          `dir ${dir}`,
          `sentinel monitor ${NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${NAME} 2000`,
          `sentinel failover-timeout ${NAME} 10000`,
        ].join("\n") + "\n",
      );
      // `redis-server --sentinel` is what Debian's redis-sentinel (a link to redis-server) runs; needs no extra package.
      sentinels.push(spawn("redis-server", [conf, "--sentinel"], { stdio: "ignore" }));
      sentinelPorts.push(port);
    }
    for (const port of sentinelPorts) await waitFor(() => ping(port), `sentinel on ${port}`, 30_000);
    await waitFor(
      async () =>
        (await run("redis-cli", ["-p", String(replica.port), "INFO", "replication"])).stdout.includes(
          "master_link_status:up",
        ),
      "replica in sync",
      30_000,
    );
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: "redis://ignored-with-sentinels:6379/0",
      REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(","),
      REDIS_SENTINEL_NAME: NAME,
    };
    servers.push(await ServerProcess.start(env), await ServerProcess.start(env));
  });

  after(async () => {
    await leaveAll(players);
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    for (const s of sentinels) s.kill("SIGKILL");
    await knex?.destroy();
    await primary?.destroy();
    await replica?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function matchPair(rating: number, limitMs: number): Promise<void> {
    const started = Date.now();
    const pair = [await preparePlayer(servers[0], knex, rating), await preparePlayer(servers[1], knex, rating)];
    const joined: QueuePlayer[] = [];
    for (const [i, p] of pair.entries()) {
      for (;;) {
        const q = await QueuePlayer.join(servers[i].wsUrl, p.token).catch(() => null);
        if (q) {
          joined.push(q);
          players.push(q);
          break;
        }
        assert.ok(Date.now() - started < limitMs, "queue joins still refused");
        await sleep(250);
      }
    }
    const [ma, mb] = [await joined[0].next("matched", limitMs), await joined[1].next("matched", limitMs)];
    assert.equal(ma.reservation.roomId, mb.reservation.roomId);
  }

  it("matchmaking goes on after SENTINEL FAILOVER moves the primary to the replica", async () => {
    await matchPair(1500, 30_000);
    assert.equal(await primaryPort(sentinelPorts[0]), primary.port);
    await run("redis-cli", ["-p", String(sentinelPorts[0]), "SENTINEL", "FAILOVER", NAME]);
    await waitFor(async () => (await primaryPort(sentinelPorts[0])) === replica.port, "the replica promoted", 60_000);
    const failedOver = Date.now();
    await matchPair(2500, 30_000);
    console.log(`      a new pair matched ${Date.now() - failedOver} ms after the failover`);
  });
});
