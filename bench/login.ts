/**
 * npm run bench:login — logins/s and latency through the real POST /auth/steam route (server in its own
 * process, real PostgreSQL, Redis when REDIS_URL is set, the Steam stub over HTTP), next to a baseline loop
 * of the bare work (one INSERT … ON CONFLICT + one JWT sign) in the same run. Last line: one JSON object.
 *
 * The measured phase is driven by wrk (`apt-get install wrk`) when it is on the PATH: a load generator in C
 * leaves more of the 2 cores to the server than autocannon (Node), which is used otherwise (`loadGenerator`
 * in the JSON says which ran).
 *
 * Options (env): BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_PLAYERS (2000), BENCH_LOADGEN (wrk|autocannon).
 */
import autocannon from "autocannon";
import jwt from "jsonwebtoken";
import knex from "knex";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { preseededTicket } from "../src/tools/steam-stub";
import { freePortSync } from "./free-port";
import { cpuPerOperation, sampleCpu } from "./machine-cpu";
import { freshDatabase, log, NODE, percentile, ROOT, round, startServerProcess } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 2000);
const JWT_SECRET = "bench-secret-bench-secret-bench-secret-0000";
const steamIdOf = (i: number) => String(76561198000000000n + BigInt(i + 1));

async function runLogins(
  baseUrl: string,
  length: { seconds: number } | { amount: number },
  connections: number,
  nextTicket: () => string,
) {
  const result = await autocannon({
    url: baseUrl,
    connections,
    ...("amount" in length ? { amount: length.amount } : { duration: length.seconds }),
    requests: [
      {
        method: "POST",
        path: "/auth/steam",
        headers: { "content-type": "application/json" },
        setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ ticket: nextTicket() }) }),
      },
    ],
  });
  return {
    perSec: result.requests.average,
    total: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const hasWrk = () => spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;

/** The measured phase with wrk: bench/login-wrk.lua sends a fresh ticket of a registered player per request. */
async function runLoginsWithWrk(baseUrl: string, seconds: number, connections: number) {
  const child = spawn(
    "wrk",
    ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", path.join(ROOT, "bench/login-wrk.lua"), baseUrl],
    {
      env: { ...process.env, BENCH_PLAYERS: String(PLAYERS), BENCH_RUN_ID: String(Date.now()) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = output
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}): ${output}`);
  const r = JSON.parse(line) as {
    total: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    non2xx: number;
    errors: number;
  };
  return {
    perSec: r.total / (r.durationUs / 1e6),
    total: r.total,
    p50Ms: round(r.p50Us / 1000, 2),
    p99Ms: round(r.p99Us / 1000, 2),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

/** The bare work of a returning login, with the same pool size the server uses. */
async function baseline(databaseUrl: string, seconds: number, concurrency: number) {
  const db = knex({ client: "pg", connection: databaseUrl, pool: { min: concurrency, max: concurrency } });
  await db.raw("select 1");
  const latencies: number[] = [];
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      let i = worker;
      while (Date.now() < until) {
        const started = performance.now();
        const steamId = steamIdOf(i % PLAYERS);
        await db.raw(
          "INSERT INTO players (steam_id, persona_name) VALUES (?, ?) ON CONFLICT (steam_id) DO UPDATE SET last_login_at = now()",
          [steamId, "bench"],
        );
        jwt.sign({ typ: "access" }, JWT_SECRET, {
          algorithm: "HS256",
          subject: steamId,
          issuer: "bench",
          expiresIn: 900,
        });
        latencies.push(performance.now() - started);
        done++;
        i += concurrency;
      }
    }),
  );
  await db.destroy();
  latencies.sort((a, b) => a - b);
  return { perSec: done / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/**
 * Transactions committed in the database so far. PostgreSQL publishes a backend's counts within a second of
 * its transactions, so the caller waits that long before each reading.
 */
async function committedTransactions(databaseUrl: string): Promise<number> {
  const db = knex({ client: "pg", connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    const row = (await db.raw("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")).rows[0];
    return Number(row.xact_commit);
  } finally {
    await db.destroy();
  }
}

const STATS_DELAY_MS = 1_500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Steam is another host in production: the stub gets its own process, so it does not share the load generator's event loop. */
async function startStubProcess(): Promise<{
  url: string;
  pid: number;
  calls(): Promise<number>;
  close(): Promise<void>;
}> {
  const port = freePortSync();
  const child = spawn(NODE, ["--import", "tsx", "src/tools/steam-stub-cli.ts"], {
    cwd: ROOT,
    env: { ...process.env, STEAM_STUB_PORT: String(port), STEAM_STUB_API_KEY: "bench-key", STEAM_STUB_APP_ID: "480" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/stub/state`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    calls: async () => Number(((await (await fetch(`${url}/stub/state`)).json()) as { calls?: number }).calls ?? -1),
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function main(): Promise<void> {
  const loadGenerator = process.env.BENCH_LOADGEN ?? (hasWrk() ? "wrk" : "autocannon");
  if (loadGenerator !== "wrk" && loadGenerator !== "autocannon")
    throw new Error("BENCH_LOADGEN must be wrk or autocannon");
  const database = await freshDatabase("bench_login");
  const stub = await startStubProcess();
  log(`database ${database.url.replace(/\/\/[^@]*@/, "//")}, Steam stub ${stub.url}`);
  const server = await startServerProcess({
    DATABASE_URL: database.url,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `bench${Date.now()}:` } : {}),
    JWT_SECRET,
    STEAM_AUTH_MODE: "webapi",
    STEAM_WEB_API_KEY: "bench-key",
    STEAM_APP_ID: "480",
    STEAM_API_BASE: stub.url,
    LOGIN_RATE_LIMIT_PER_MINUTE: "1000000000",
  });
  try {
    let nonce = 0;
    let registered = 0;
    // Phase 1: first logins (registration with starter collection and decks), each player once.
    log(`registering ${PLAYERS} players`);
    const registrationStart = performance.now();
    const register = await runLogins(server.baseUrl, { amount: PLAYERS }, Math.min(CONNECTIONS, 32), () =>
      preseededTicket(steamIdOf(registered++ % PLAYERS), nonce++),
    );
    const registrationSeconds = (performance.now() - registrationStart) / 1000;

    // Phase 2 (measured): returning players, each request with a fresh ticket.
    log(`measuring returning logins for ${SECONDS}s with ${CONNECTIONS} connections`);
    let k = 0;
    const groups = {
      server: { pids: () => [server.child.pid!] },
      postgres: { comm: /^postgres$/ },
      redis: { comm: /^redis-server$/ },
      steamStub: { pids: () => [stub.pid] },
      // autocannon runs in this process; wrk is a child that has exited (and been reaped) when CPU is read.
      loadGenerator: { selfAndExitedChildren: true as const },
    };
    await pause(STATS_DELAY_MS);
    const commitsBefore = await committedTransactions(database.url);
    const cpuBefore = sampleCpu(groups);
    const logins =
      loadGenerator === "wrk"
        ? await runLoginsWithWrk(server.baseUrl, SECONDS, CONNECTIONS)
        : await runLogins(server.baseUrl, { seconds: SECONDS }, CONNECTIONS, () =>
            preseededTicket(steamIdOf(k++ % PLAYERS), nonce++),
          );
    const cpu = cpuPerOperation(cpuBefore, sampleCpu(groups), logins.total, SECONDS);
    await pause(STATS_DELAY_MS);
    // Returning logins are written in groups (src/db/returning-logins.ts): this says how large they were.
    const commitsDuringLogins = (await committedTransactions(database.url)) - commitsBefore - 1; // less the reading's own

    log(`baseline: INSERT … ON CONFLICT + JWT sign for ${SECONDS}s`);
    const bare = await baseline(database.url, SECONDS, 10);

    const summary = {
      benchmark: "login",
      seconds: SECONDS,
      connections: CONNECTIONS,
      players: PLAYERS,
      redis: Boolean(process.env.REDIS_URL),
      loadGenerator,
      registrationsPerSec: round(PLAYERS / registrationSeconds),
      registrationErrors: register.non2xx + register.errors,
      loginsPerSec: round(logins.perSec),
      loginP50Ms: logins.p50Ms,
      loginP99Ms: logins.p99Ms,
      loginErrors: logins.non2xx + logins.errors,
      steamStubCalls: await stub.calls(),
      loginsPerPostgresCommit: round(logins.total / Math.max(1, commitsDuringLogins), 1),
      // Where each login's CPU went (µs per login, per process group) and how busy the whole machine was.
      cpu,
      baselineOpsPerSec: round(bare.perSec),
      baselineP50Ms: round(bare.p50Ms, 2),
      baselineP99Ms: round(bare.p99Ms, 2),
      ratioLoginToBaseline: round(logins.perSec / bare.perSec, 3),
      target: { loginsPerSec: 3000, met: logins.perSec >= 3000 },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await server.stop();
    await stub.close();
    await database.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
