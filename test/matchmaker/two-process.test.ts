import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Room } from "@colyseus/sdk";
import Redis from "ioredis";
import knexFactory, { type Knex } from "knex";
import { migrateLatest } from "../../src/db/migrate";
import { postgresBackend, REAL_DATABASE_URL, REAL_REDIS_URL } from "../helpers/backends";
import { request } from "../helpers/http";
import { TEST_JWT_SECRET } from "../helpers/test-app";
import { freePort, nextSteamId, seedPlayer, sleep, waitFor } from "./helpers";
import { QueuePlayer } from "./queue-client";

const ROOT = path.resolve(__dirname, "../..");

interface Proc {
  child: ChildProcess;
  port: number;
  output: string[];
}

async function startProcess(env: Record<string, string>, port: number): Promise<Proc> {
  const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", "src/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      PORT: String(port),
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc: Proc = { child, port, output: [] };
  child.stdout!.on("data", (d) => proc.output.push(String(d)));
  child.stderr!.on("data", (d) => proc.output.push(String(d)));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`server on ${port} exited: ${proc.output.join("")}`);
      return proc.output.join("").includes("Server listening");
    },
    `server on port ${port}`,
    30_000,
  );
  return proc;
}

async function stopProcess(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.child.once("exit", () => resolve()));
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

(REAL_DATABASE_URL && REAL_REDIS_URL ? describe : describe.skip)(
  "queue across two server processes (Redis presence + driver)",
  function () {
    this.timeout(90_000);
    const procs: Proc[] = [];
    let dispose: (() => Promise<void>) | null = null;
    let knex: Knex;
    let redis: Redis;
    let redisUrl: string;

    before(async () => {
      const provisioned = await postgresBackend.provision();
      dispose = provisioned.dispose;
      knex = knexFactory({ client: "pg", connection: provisioned.env.DATABASE_URL, pool: { min: 0, max: 2 } });
      // Migrate once up front so the two processes do not race on the migration lock.
      await migrateLatest(knex);
      // A Redis database of its own: Colyseus keeps global keys (roomcaches, roomcount) that other
      // test runs on the same Redis must not see.
      const url = new URL(REAL_REDIS_URL!);
      url.pathname = "/" + (9 + (process.pid % 6));
      redisUrl = url.toString();
      redis = new Redis(redisUrl);
      const env = {
        DATABASE_URL: provisioned.env.DATABASE_URL,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: provisioned.env.REDIS_KEY_PREFIX,
        JWT_SECRET: TEST_JWT_SECRET,
        STEAM_AUTH_MODE: "dev",
        LOG_LEVEL: "warn",
        NODE_ENV: "test",
        QUEUE_ROOM_MAX_CLIENTS: "1",
        MM_TICK_MS: "250",
      };
      const [p1, p2] = [await freePort(), await freePort()];
      procs.push(await startProcess(env, p1));
      procs.push(await startProcess(env, p2));
    });

    after(async () => {
      await Promise.all(procs.map(stopProcess));
      await knex?.destroy();
      redis?.disconnect();
      await dispose?.();
    });

    it("players queued on different processes are matched into one battle room and both reach it", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      const [httpA, httpB] = procs.map((p) => `http://127.0.0.1:${p.port}`);
      const loginA = await request(httpA, "POST", "/auth/steam", { body: { ticket: `dev:${a}` } });
      const loginB = await request(httpB, "POST", "/auth/steam", { body: { ticket: `dev:${b}` } });
      assert.equal(loginA.status, 200, JSON.stringify(loginA.body));
      assert.equal(loginB.status, 200, JSON.stringify(loginB.body));
      await seedPlayer(knex, a, { rating: 1500 });
      await seedPlayer(knex, b, { rating: 1520 });

      const pa = await QueuePlayer.join(`ws://127.0.0.1:${procs[0].port}`, loginA.body.accessToken);
      await pa.next("queued");
      await sleep(1200); // Colyseus persists per-process room counts at most once a second
      const pb = await QueuePlayer.join(`ws://127.0.0.1:${procs[1].port}`, loginB.body.accessToken);
      await pb.next("queued");

      // QUEUE_ROOM_MAX_CLIENTS=1: each player has a queue room, created on the least-loaded process.
      const caches = await redis.hgetall("roomcaches");
      const processOf = (roomId: string) => JSON.parse(caches[roomId]).processId as string;
      const queueProcesses = [processOf(pa.room.roomId), processOf(pb.room.roomId)];
      assert.notEqual(queueProcesses[0], queueProcesses[1], "the two queue rooms are on different processes");

      const [ma, mb] = [await pa.next("matched", 15_000), await pb.next("matched", 15_000)];
      assert.equal(ma.reservation.roomId, mb.reservation.roomId);
      assert.ok(
        procs.some((p) => ma.reservation.publicAddress === `127.0.0.1:${p.port}`),
        `reservation carries a process's public address: ${JSON.stringify(ma.reservation)}`,
      );
      const battles: Room[] = [
        await pa.client.consumeSeatReservation(ma.reservation),
        await pb.client.consumeSeatReservation(mb.reservation),
      ];
      assert.equal(battles[0].roomId, battles[1].roomId);
      assert.equal(battles[0].name, "battle");
      const battleCache = JSON.parse((await redis.hget("roomcaches", battles[0].roomId))!);
      assert.equal(battleCache.clients, 2);
      for (const r of battles) await r.leave(true);
      await pa.leave();
      await pb.leave();
    });
    it("a friend challenge made on one process is joined on the other; its battle is listed and watchable from both", async () => {
      const [host, friend, watcher] = [nextSteamId(), nextSteamId(), nextSteamId()];
      const [httpA, httpB] = procs.map((p) => `http://127.0.0.1:${p.port}`);
      const logins = await Promise.all([
        request(httpA, "POST", "/auth/steam", { body: { ticket: `dev:${host}` } }),
        request(httpB, "POST", "/auth/steam", { body: { ticket: `dev:${friend}` } }),
        request(httpB, "POST", "/auth/steam", { body: { ticket: `dev:${watcher}` } }),
      ]);
      for (const l of logins) assert.equal(l.status, 200, JSON.stringify(l.body));
      const [hostToken, friendToken, watcherToken] = logins.map((l) => l.body.accessToken as string);
      await seedPlayer(knex, host, { rating: 900 });
      await seedPlayer(knex, friend, { rating: 2300 });

      const created = await request(httpA, "POST", "/api/challenges", { token: hostToken });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const { code } = created.body;
      const ph = await QueuePlayer.join(`ws://127.0.0.1:${procs[0].port}`, hostToken, { mode: "challenge", code });
      await ph.next("queued");
      await sleep(1200); // Colyseus persists per-process room counts at most once a second
      const pf = await QueuePlayer.join(`ws://127.0.0.1:${procs[1].port}`, friendToken, { mode: "challenge", code });
      await pf.next("queued");
      const caches = await redis.hgetall("roomcaches");
      const processOf = (roomId: string) => JSON.parse(caches[roomId]).processId as string;
      assert.notEqual(
        processOf(ph.room.roomId),
        processOf(pf.room.roomId),
        "the two queue rooms are on different processes",
      );

      const [mh, mf] = [await ph.next("matched", 15_000), await pf.next("matched", 15_000)];
      assert.equal(mh.reservation.roomId, mf.reservation.roomId);
      const battles: Room[] = [
        await ph.client.consumeSeatReservation(mh.reservation),
        await pf.client.consumeSeatReservation(mf.reservation),
      ];
      const roomId = battles[0].roomId;

      for (const http of [httpA, httpB]) {
        await waitFor(
          async () => {
            const live = await request(http, "GET", "/api/battles/live", { token: watcherToken });
            const listed = live.body.battles?.find((b: { roomId: string }) => b.roomId === roomId);
            return listed?.mode === "challenge" && listed.players.length === 2 ? listed : undefined;
          },
          `the challenge battle listed on ${http}`,
          10_000,
        );
      }
      // The code is used up, on every process.
      const late = await QueuePlayer.join(`ws://127.0.0.1:${procs[1].port}`, watcherToken, { mode: "challenge", code });
      assert.equal((await late.next("error")).code, "invalid_challenge");

      // Watch it through either process: joinById goes to the process that hosts the battle.
      for (const proc of procs) {
        const { Client } = await import("@colyseus/sdk");
        const sdk = new Client(`ws://127.0.0.1:${proc.port}`);
        sdk.auth.token = watcherToken;
        const spectator = await sdk.joinById(roomId, { spectate: true });
        await waitFor(
          () => ((spectator.state as { spectators?: number })?.spectators === 1 ? true : undefined),
          "spectator counted",
          5000,
        );
        assert.equal(
          (spectator.state as { players: Array<{ hand?: unknown }> }).players.every((p) => p.hand === undefined),
          true,
        );
        await spectator.leave(true);
      }
      for (const r of battles) await r.leave(true);
      await ph.leave();
      await pf.leave();
    });
  },
);
