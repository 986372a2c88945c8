/**
 * npm run bench:queue — the ranked queue at scale across a cluster: QUEUE_PLAYERS (10,000) players with
 * ratings ~ N(1500, 300) join the real `queue` room of QUEUE_PROCESSES (2) server processes (src/index.ts
 * built, alone in their processes, sharing Redis presence, driver and ticket queue, each with its own
 * PUBLIC_ADDRESS), half through each process, from QUEUE_GENERATORS (4) client processes
 * (bench/queue-clients.ts), QUEUE_JOIN_CONCURRENCY (50) joins in flight per generator. The real matchers
 * pair them and create the battles (deck snapshots from PostgreSQL); a player's enqueue → `matched` latency
 * is recorded, then it leaves the queue (the seat is not taken). Players are seeded straight into a fresh
 * PostgreSQL database (profile with the rating, a default starter deck) and get access tokens signed with
 * the servers' secret, so no login or registration is measured here (bench:ccu measures those).
 *
 * Reported: enqueue → seat p50/p99 per rating band (|rating − mean| within 1σ, 1–2σ, beyond 2σ, with the
 * sample's mean and σ), the rating gap mean/p95 of the pairs made, pairs whose two players joined on
 * different processes, players left unmatched at QUEUE_TIMEOUT_SECONDS (900), errors, the servers' and
 * generators' CPU. Last stdout line: one JSON object. Needs DATABASE_URL (default the local PostgreSQL) and
 * REDIS_URL. QUEUE_PROFILE_DIR: a .cpuprofile of each server process from the first join to the end.
 *
 * QUEUE_STANDING=1: a standing queue. Matchmaking is paused (the operator's pause, as `npm run admin --
 * matchmaking pause` sets it) until every player is queued, so all QUEUE_PLAYERS wait together, then resumed;
 * `releaseToSeat` is then each player's time from the resume to `matched`, per band (enqueue → seat includes
 * the hold).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import knex from "knex";
import Redis from "ioredis";
import { createAccessTokens } from "../src/auth/access-tokens";
import { pauseMatchmaking, resumeMatchmaking } from "../src/matchmaker/matchmaking-pause";
import { RedisStore } from "../src/store/redis-store";
import { migrateLatest } from "../src/db/migrate";
import { CARDS } from "../src/game/catalog";
import { STARTER_DECKS } from "../src/game/decks";
import { sampleCpu } from "./machine-cpu";
import type { QueueGeneratorConfig, QueueGeneratorReport } from "./queue-clients";
import {
  freshDatabase,
  log,
  nodeCommand,
  percentile,
  ROOT,
  round,
  startServerProcess,
  type ServerProcess,
} from "./support";

const env = process.env;
const PLAYERS = Number(env.QUEUE_PLAYERS ?? 10_000);
const PROCESSES = Number(env.QUEUE_PROCESSES ?? 2);
const GENERATORS = Number(env.QUEUE_GENERATORS ?? 4);
const JOIN_CONCURRENCY = Number(env.QUEUE_JOIN_CONCURRENCY ?? 50);
const TIMEOUT_SECONDS = Number(env.QUEUE_TIMEOUT_SECONDS ?? 900);
const STANDING = env.QUEUE_STANDING === "1";
const PROFILE_DIR = env.QUEUE_PROFILE_DIR ? path.resolve(env.QUEUE_PROFILE_DIR) : undefined;
const JWT_SECRET = "bench-secret-bench-secret-bench-secret-0000";
const MEAN = 1500;
const SD = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic ratings ~ N(MEAN, SD) (Box–Muller on a seeded generator). */
function ratings(n: number): number[] {
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.round(Math.min(3200, Math.max(100, MEAN + SD * z)) * 100) / 100;
  });
}

function ask<T>(child: ChildProcess, type: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error(`no '${type}' answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: { type?: string }) => {
      if (msg?.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(msg as T);
    };
    child.on("message", onMessage);
    if (!child.connected) {
      clearTimeout(timer);
      child.off("message", onMessage);
      reject(new Error(`no IPC channel to ask for '${type}' (the process exited)`));
      return;
    }
    child.send({ type }, (err) => {
      if (!err) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      reject(err);
    });
  });
}

const latencyStats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50Ms: round(percentile(s, 50)), p99Ms: round(percentile(s, 99)), maxMs: round(s.at(-1) ?? 0) };
};

function sumErrors(reports: QueueGeneratorReport[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.errors)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

async function seed(databaseUrl: string, players: Array<{ steamId: string; rating: number }>): Promise<void> {
  const db = knex({ client: "pg", connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await migrateLatest(db);
    const cardIds = STARTER_DECKS[0].cards;
    await db("cards")
      .insert(
        [...new Set(cardIds)].map((id) => {
          const c = CARDS[id];
          return {
            id,
            name: c.name,
            cost: c.cost,
            type: c.type,
            attack: c.attack ?? null,
            health: c.health ?? null,
            rarity: c.rarity,
            text: c.text,
          };
        }),
      )
      .onConflict("id")
      .ignore();
    const counts = new Map<string, number>();
    for (const id of cardIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (let i = 0; i < players.length; i += 1000) {
      const chunk = players.slice(i, i + 1000);
      await db("players").insert(chunk.map((p) => ({ steam_id: p.steamId, persona_name: "q" })));
      await db("player_profiles").insert(
        chunk.map((p) => ({ player_id: p.steamId, rating: p.rating, rating_deviation: 80 })),
      );
      const decks = (await db("player_decks")
        .insert(chunk.map((p) => ({ player_id: p.steamId, name: "d", is_default: true })))
        .returning("id")) as Array<{ id: string }>;
      await db("deck_cards").insert(
        decks.flatMap((d) => [...counts].map(([card_id, count]) => ({ deck_id: d.id, card_id, count }))),
      );
    }
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  if (!env.REDIS_URL) throw new Error("REDIS_URL is required (the processes share the queue through Redis)");
  if (!(PLAYERS >= 2) || !(PROCESSES >= 1) || !(GENERATORS >= 1))
    throw new Error("bad QUEUE_PLAYERS / QUEUE_PROCESSES / QUEUE_GENERATORS");
  const database = await freshDatabase("bench_queue");
  const servers: ServerProcess[] = [];
  const generators: ChildProcess[] = [];
  // Interrupted (Ctrl-C, timeout): stop the children and drop the database before exiting.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping servers and generators, dropping the database`);
    for (const g of generators) g.kill("SIGTERM");
    void Promise.allSettled(servers.map((s) => s.stop()))
      .then(() => database.drop())
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const rs = ratings(PLAYERS);
    const players = rs.map((rating, i) => ({ steamId: String(76561198700000000n + BigInt(i)), rating }));
    const seedStarted = performance.now();
    await seed(database.url, players);
    log(`seeded ${PLAYERS} players in ${round((performance.now() - seedStarted) / 1000)} s`);
    const prefix = `benchqueue${Date.now()}:`;
    for (let i = 0; i < PROCESSES; i++) {
      servers.push(
        await startServerProcess(
          {
            DATABASE_URL: database.url,
            REDIS_URL: env.REDIS_URL,
            REDIS_KEY_PREFIX: prefix,
            JWT_SECRET,
            STEAM_AUTH_MODE: "dev",
            LOG_LEVEL: "warn",
            PUBLIC_ADDRESS: "127.0.0.1:{port}",
            NODE_APP_INSTANCE: "0",
            OUTBOX_FILE: path.join(tmpdir(), `bench-queue-outbox-${process.pid}-${i}.jsonl`),
          },
          { raiseFileLimit: true, nodeArgs: ["--import", "./bench/ccu-probe.ts"], ipc: true },
        ),
      );
    }
    const tokens = createAccessTokens({ secret: JWT_SECRET, issuer: "steam-card-backend", ttlSeconds: 15 * 60 });
    const rating = new Map(players.map((p) => [p.steamId, p.rating]));
    const generatorEndpoint: string[] = [];
    const cpuGroups = {
      servers: { pids: () => servers.map((s) => s.child.pid!) },
      generators: { pids: () => generators.map((g) => g.pid!) },
    };
    const redis = new Redis(env.REDIS_URL);
    const store = new RedisStore(redis, prefix);
    if (STANDING) await pauseMatchmaking(store, { by: "bench:queue", reason: "standing queue", minutes: 60 });
    let releasedAt: number | null = null;
    const cpuBefore = sampleCpu(cpuGroups);
    const loadBefore = loadavg()[0];
    const started = performance.now();
    if (PROFILE_DIR) for (const server of servers) server.child.send({ type: "ccu-profile-start" });
    for (let g = 0; g < GENERATORS; g++) {
      const [command, args] = nodeCommand(["--import", "tsx", path.join(__dirname, "queue-clients.ts")], {
        raiseFileLimit: true,
      });
      const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit", "ipc"] });
      const endpoint = servers[g % servers.length].baseUrl;
      generatorEndpoint.push(endpoint);
      const config: QueueGeneratorConfig = {
        type: "config",
        endpoint,
        players: players
          .filter((_, i) => i % GENERATORS === g)
          .map((p) => ({ steamId: p.steamId, token: tokens.sign(p.steamId).token })),
        joinConcurrency: JOIN_CONCURRENCY,
      };
      child.send(config);
      generators.push(child);
    }

    let reports: QueueGeneratorReport[] = [];
    let allQueuedAt: number | null = null;
    let lastSeated = 0;
    let lastProgressAt = performance.now();
    for (;;) {
      await sleep(2000);
      reports = await Promise.all(generators.map((g) => ask<QueueGeneratorReport>(g, "report")));
      const seated = reports.reduce((a, r) => a + r.seats.length, 0);
      const queued = reports.reduce((a, r) => a + r.queued, 0);
      const gaveUp = reports.reduce((a, r) => a + r.gaveUp, 0);
      if (allQueuedAt === null && queued + gaveUp >= PLAYERS) allQueuedAt = performance.now();
      if (STANDING && allQueuedAt !== null && releasedAt === null) {
        await resumeMatchmaking(store);
        releasedAt = Date.now();
        lastProgressAt = performance.now();
        log(`all ${queued} queued at once: matchmaking resumed`);
      }
      if (seated > lastSeated) {
        lastSeated = seated;
        lastProgressAt = performance.now();
      }
      log(`queued ${queued}, seated ${seated}, gave up ${gaveUp}, errors ${JSON.stringify(sumErrors(reports))}`);
      // One left over at most (an odd one out), or nobody seated for 30 s once everyone is in the queue.
      if (seated + gaveUp >= PLAYERS - 1) break;
      if (allQueuedAt !== null && performance.now() - lastProgressAt > 30_000) break;
      if ((performance.now() - started) / 1000 > TIMEOUT_SECONDS) break;
    }
    const seconds = (performance.now() - started) / 1000;
    if (PROFILE_DIR) {
      for (const [i, server] of servers.entries()) {
        server.child.send({
          type: "ccu-profile-stop",
          file: path.join(PROFILE_DIR, `queue-p${i}-${Date.now()}.cpuprofile`),
        });
      }
      await sleep(3000);
    }
    const cpuAfter = sampleCpu(cpuGroups);

    const seats = reports.flatMap((r, g) => r.seats.map((s) => ({ ...s, endpoint: generatorEndpoint[g] })));
    const mean = rs.reduce((a, b) => a + b, 0) / rs.length;
    const sd = Math.sqrt(rs.reduce((a, b) => a + (b - mean) ** 2, 0) / rs.length);
    const bands: Record<"within1Sigma" | "sigma1To2" | "beyond2Sigma", number[]> = {
      within1Sigma: [],
      sigma1To2: [],
      beyond2Sigma: [],
    };
    const releaseBands: typeof bands = { within1Sigma: [], sigma1To2: [], beyond2Sigma: [] };
    for (const s of seats) {
      const z = Math.abs(rating.get(s.steamId)! - mean) / sd;
      const band = z <= 1 ? "within1Sigma" : z <= 2 ? "sigma1To2" : "beyond2Sigma";
      bands[band].push(s.latencyMs);
      if (releasedAt !== null) releaseBands[band].push(s.seatedAt - releasedAt);
    }
    const byRoom = new Map<string, typeof seats>();
    for (const s of seats) byRoom.set(s.battleRoomId, [...(byRoom.get(s.battleRoomId) ?? []), s]);
    const pairs = [...byRoom.values()].filter((p) => p.length === 2);
    const gaps = pairs.map(([a, b]) => Math.abs(rating.get(a.steamId)! - rating.get(b.steamId)!)).sort((a, b) => a - b);
    const errors = sumErrors(reports);
    const cpu = (name: string) =>
      cpuBefore && cpuAfter ? round(((cpuAfter.groups[name] - cpuBefore.groups[name]) / seconds) * 100) : null;
    const summary = {
      bench: "queue",
      players: PLAYERS,
      processes: PROCESSES,
      ratingMean: round(mean),
      ratingSd: round(sd),
      enqueueToSeat: {
        all: latencyStats(seats.map((s) => s.latencyMs)),
        within1Sigma: latencyStats(bands.within1Sigma),
        sigma1To2: latencyStats(bands.sigma1To2),
        beyond2Sigma: latencyStats(bands.beyond2Sigma),
      },
      // QUEUE_STANDING=1: from the resume (all players queued at once) to `matched`.
      releaseToSeat:
        releasedAt === null
          ? null
          : {
              all: latencyStats(seats.map((s) => s.seatedAt - releasedAt!)),
              within1Sigma: latencyStats(releaseBands.within1Sigma),
              sigma1To2: latencyStats(releaseBands.sigma1To2),
              beyond2Sigma: latencyStats(releaseBands.beyond2Sigma),
            },
      pairs: pairs.length,
      gapMean: round(gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)),
      gapP95: round(percentile(gaps, 95)),
      gapMax: round(gaps.at(-1) ?? 0),
      crossProcessPairs: pairs.filter(([a, b]) => a.endpoint !== b.endpoint).length,
      seated: seats.length,
      gaveUp: reports.reduce((a, r) => a + r.gaveUp, 0),
      failureSamples: [...new Set(reports.flatMap((r) => r.failureSamples))].slice(0, 5),
      unmatched: PLAYERS - seats.length,
      peakQueueSize: Math.max(...reports.map((r) => r.peakQueueSize)),
      allQueuedSeconds: allQueuedAt === null ? null : round((allQueuedAt - started) / 1000),
      seconds: round(seconds),
      errors,
      serverCpuPercent: cpu("servers"),
      generatorCpuPercent: round(Math.max(...reports.map((r) => r.cpuPercent))),
      loadAvg1m: [round(loadBefore, 2), round(loadavg()[0], 2)],
      settings: {
        generators: GENERATORS,
        joinConcurrency: JOIN_CONCURRENCY,
        timeoutSeconds: TIMEOUT_SECONDS,
        standing: STANDING,
      },
    };
    console.log(JSON.stringify(summary));
    await redis.quit();
  } finally {
    await Promise.all(
      generators.map(
        (g) =>
          new Promise<void>((resolve) => {
            if (g.exitCode !== null) return resolve();
            const kill = setTimeout(() => g.kill("SIGKILL"), 10_000);
            g.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            g.send({ type: "stop" });
          }),
      ),
    );
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
