import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import knexFactory from "knex";
import { migrateLatest } from "../../src/db/migrate";
import { postgresBackend, REAL_DATABASE_URL, REAL_REDIS_URL } from "../helpers/backends";
import { freePort } from "../helpers/game-server";
import { request } from "../helpers/http";
import { startNginx, type RunningNginx } from "../helpers/nginx";
import { spawnServer, stopServer, waitListening, type ServerProcess } from "../helpers/server-process";
import { TEST_JWT_SECRET } from "../helpers/test-app";
import { QueuePlayer } from "../matchmaker/queue-client";
import { nextSteamId, sleep, waitFor } from "../matchmaker/helpers";

/** Redis database of this test: Colyseus keeps unprefixed cluster keys (the backends use 1–8, two-process 9–14). */
const REDIS_DB = 15;

// Two processes form a cluster only through PostgreSQL and Redis (CI sets both; .ci/run installs nginx).
(REAL_DATABASE_URL && REAL_REDIS_URL ? describe : describe.skip)(
  "nginx (deploy/nginx.conf) in front of two processes while one drains",
  function () {
    this.timeout(180_000);
    let dir: string;
    let nginx: RunningNginx | null = null;
    const servers: ServerProcess[] = [];
    const players: QueuePlayer[] = [];
    let dispose: (() => Promise<void>) | null = null;
    let redis: Redis;
    let env: Record<string, string>;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-nginx-"));
      const provisioned = await postgresBackend.provision();
      dispose = provisioned.dispose;
      const knex = knexFactory({ client: "pg", connection: provisioned.env.DATABASE_URL, pool: { min: 0, max: 1 } });
      await migrateLatest(knex);
      await knex.destroy();
      const url = new URL(REAL_REDIS_URL!);
      url.pathname = `/${REDIS_DB}`;
      redis = new Redis(url.toString());
      await redis.flushdb();
      env = {
        DATABASE_URL: provisioned.env.DATABASE_URL,
        REDIS_URL: url.toString(),
        REDIS_KEY_PREFIX: provisioned.env.REDIS_KEY_PREFIX,
        JWT_SECRET: TEST_JWT_SECRET,
        STEAM_AUTH_MODE: "dev",
        LOG_LEVEL: "warn",
        MM_TICK_MS: "250",
      };
    });

    after(async () => {
      await Promise.all(players.map((p) => p.leave()));
      await Promise.all(servers.map((s) => stopServer(s)));
      await nginx?.stop();
      await redis?.flushdb().catch(() => undefined);
      redis?.disconnect();
      await dispose?.();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("retries matchmaking refused by the draining process on the other one (zero failures) and logs no token", async () => {
      const [nginxPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
      const start = async (port: number) => {
        const proc = spawnServer({ ...env, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${nginxPort}/${port}` });
        servers.push(proc);
        await waitListening(proc);
        return proc;
      };
      const a = await start(portA);
      nginx = await startNginx(dir, nginxPort, [portA, portB]);
      const viaNginx = `http://127.0.0.1:${nginxPort}`;
      const tokens: string[] = [];
      const login = async (steamId: string) => {
        const res = await request(`http://127.0.0.1:${portA}`, "POST", "/auth/steam", {
          body: { ticket: `dev:${steamId}` },
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        tokens.push(res.body.accessToken, res.body.refreshToken);
        return res.body.accessToken as string;
      };

      // A battle on process A (the only one up: nginx finds B refusing connections and replays on A).
      const fighters = await Promise.all(
        [nextSteamId(), nextSteamId()].map(async (id) => QueuePlayer.join(viaNginx, await login(id))),
      );
      players.push(...fighters);
      const matched = await Promise.all(fighters.map((f) => f.next("matched", 20_000)));
      assert.equal(matched[0].reservation.processId, matched[1].reservation.processId);
      const battleRooms = await Promise.all(
        fighters.map((f, i) => f.client.consumeSeatReservation(matched[i].reservation)),
      );
      for (const room of battleRooms) room.onMessage("*", () => undefined);
      await Promise.all(fighters.map((f) => f.leave()));

      await start(portB);
      const prober = await login(nextSteamId());
      const me = await request(viaNginx, "GET", "/me", { token: prober });
      assert.equal(me.status, 200, "an Authorization header through nginx");

      a.child.kill("SIGTERM");
      await waitFor(
        async () => (await request(`http://127.0.0.1:${portA}`, "GET", "/ready")).status === 503,
        "A to drain",
      );

      // Matchmaking through nginx while A drains: every request must succeed (on B).
      const failures: string[] = [];
      let joins = 0;
      const until = Date.now() + 8000;
      for (let i = 0; i < 60 && Date.now() < until; i++) {
        try {
          const p = await QueuePlayer.join(viaNginx, prober);
          await p.next("queued");
          joins++;
          await p.leave();
        } catch (err) {
          failures.push(String(err));
        }
        await sleep(100);
      }
      const errorLog = () =>
        fs.readFileSync(path.join(dir, "error.log"), "utf8").slice(-6000) +
        "\nACCESS:\n" +
        fs.readFileSync(nginx!.accessLog, "utf8").slice(-6000);
      assert.deepEqual(failures, [], `no matchmaking request failed; nginx error log:\n${errorLog()}`);
      assert.ok(joins >= 5, `${joins} joins`);
      assert.equal(a.child.exitCode, null, "A is still draining (its battle runs)");

      // The battle ends; A finishes its drain and exits cleanly.
      const results = battleRooms.map((room) => new Promise((resolve) => room.onMessage("result", resolve)));
      battleRooms[0].send("concede", {});
      await Promise.all(results);
      const exit = await Promise.race([a.exited, sleep(30_000).then(() => null)]);
      assert.deepEqual(exit && { code: exit.code, signal: exit.signal }, { code: 0, signal: null }, a.output());

      await nginx.stop();
      const log = fs.readFileSync(nginx.accessLog, "utf8");
      const matchmaking = log.split("\n").filter((l) => l.includes("/matchmake/"));
      assert.ok(
        matchmaking.some((l) => /upstream_status=503, /.test(l)),
        `a refused request was replayed on the other process:\n${matchmaking.join("\n")}`,
      );
      assert.ok(
        matchmaking.every((l) => / 200 \d+ /.test(l)),
        "every matchmaking request answered 200",
      );
      assert.ok(
        /"GET \/\d+\/[\w-]+\/[\w-]+\?\[redacted\] /.test(log),
        "WebSocket connections are logged, query redacted",
      );
      for (const token of tokens) assert.ok(!log.includes(token), "no token in the access log");
      assert.doesNotMatch(log, /_authToken|Bearer|eyJ/);
    });
  },
);
