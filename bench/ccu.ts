/**
 * npm run bench:ccu — concurrent players one server process holds at human pace, beside an empty Colyseus
 * room given the same clients and message rate. Last line: one JSON object.
 *
 * Battle ramp: the real server (src/index.ts) alone in its process, on a fresh PostgreSQL database (and
 * Redis when REDIS_URL is set). Bot players in CCU_GENERATORS separate processes (bench/ccu-clients.ts) log
 * in through POST /auth/steam, queue, get matched, play ranked battles to the end at a human think time per
 * decision and queue again, so the population stays constant. At each step of the ramp the population is
 * grown, left to settle, then measured for CCU_STEP_SECONDS: CCU, actions/s, action → `events` round trip
 * p50/p99 as the clients see it, server CPU, RSS, event-loop delay p99 (measured inside the server by
 * bench/ccu-probe.ts and read over the child's IPC channel), errors, the generators' own CPU, and the
 * machine's load and total CPU use (the machine may be shared). The ramp stops at the first step that
 * breaks the service level (round trip p99 > CCU_SLO_P99_MS or any error), or when the population cannot
 * be reached or a generator is saturated.
 *
 * Echo ramp: the same steps against bench/ccu-echo-server.ts (an empty room echoing to the sender, its own
 * process), clients idle but connected, sending in total the message rate the battle step measured at the
 * same CCU (extrapolated per client above the battle ramp's last step). `ratioToEcho` = battle
 * maxCcuWithinSlo / echo maxCcuWithinSlo.
 *
 * Options (env): CCU_STEPS (500,1000,2000,5000,10000), CCU_STEP_SECONDS (30), CCU_SETTLE_SECONDS (10),
 * CCU_GENERATORS (3), CCU_THINK_MS (2000-8000), CCU_SLO_P99_MS (50), CCU_JOIN_CONCURRENCY (40 per
 * generator), CCU_RAMP_TIMEOUT_SECONDS (300 per step), CCU_ECHO (1; 0 skips the echo ramp),
 * CCU_SERVER_CPUS / CCU_GENERATOR_CPUS (taskset CPU lists, e.g. 0 and 1, to pin server and generators),
 * CCU_ALL_STEPS (1: measure every step even past the service level, for before/after comparisons),
 * CCU_PROFILE_DIR (a directory: a .cpuprofile of the server during each measured window, and with
 * CCU_PROFILE_ALLOCATIONS=1 a .heapprofile of its allocations (collected ones included); with
 * CCU_PROFILE_RAMP=1 also one of each step's ramp, from the new target to the population reached),
 * CCU_BATTLE (1; 0 skips the battle ramp: the echo ramp alone, at CCU_ECHO_RATE messages/s per client, 0.1),
 * CCU_PROCESSES (1; 2 or more = the cluster view: that many server processes behind Redis presence/driver,
 * REDIS_URL required, each with its own PUBLIC_ADDRESS, the generators split evenly across them, so a match's
 * two players are often on different processes: `crossProcessBattles` counts the battles joined on another
 * process than the player's own; the echo ramp runs as many echo processes),
 * CCU_SERVICES_CPUS (a taskset CPU list, e.g. 1: the bench starts a PostgreSQL and a Redis of its own pinned to
 * those CPUs and uses them instead of DATABASE_URL / REDIS_URL, so that with CCU_SERVER_CPUS=0
 * CCU_GENERATOR_CPUS=1 nothing of the run but the server runs on core 0),
 * DATABASE_URL (default the local PostgreSQL), REDIS_URL (optional), BENCH_SERVER_NODE_OPTIONS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import knex, { type Knex } from "knex";
import type { GeneratorConfig, GeneratorReport } from "./ccu-clients";
import { createPostgresDatabase } from "../test/helpers/backends";
import { PostgresInstance, RedisInstance } from "../test/faults/instances";
import { groupSecondsBetween, sampleCpu, type CpuSample } from "./machine-cpu";
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
const STEPS = (env.CCU_STEPS ?? "500,1000,2000,5000,10000").split(",").map((s) => Number(s.trim()));
const STEP_SECONDS = Number(env.CCU_STEP_SECONDS ?? 30);
const SETTLE_SECONDS = Number(env.CCU_SETTLE_SECONDS ?? 10);
const PROCESSES = Number(env.CCU_PROCESSES ?? 1);
const GENERATORS = Number(env.CCU_GENERATORS ?? (PROCESSES > 1 ? 2 * PROCESSES : 3));
const [THINK_MIN_MS, THINK_MAX_MS] = (env.CCU_THINK_MS ?? "2000-8000").split("-").map(Number);
const SLO_P99_MS = Number(env.CCU_SLO_P99_MS ?? 50);
const JOIN_CONCURRENCY = Number(env.CCU_JOIN_CONCURRENCY ?? 40);
const RAMP_TIMEOUT_SECONDS = Number(env.CCU_RAMP_TIMEOUT_SECONDS ?? 300);
const WITH_ECHO = env.CCU_ECHO !== "0";
const WITH_BATTLE = env.CCU_BATTLE !== "0";
const ECHO_RATE_PER_CLIENT = Number(env.CCU_ECHO_RATE ?? 1000 / (THINK_MIN_MS + THINK_MAX_MS));
const SERVER_CPUS = env.CCU_SERVER_CPUS || undefined;
const GENERATOR_CPUS = env.CCU_GENERATOR_CPUS || undefined;
const SERVICES_CPUS = env.CCU_SERVICES_CPUS || undefined;
/** Measure every step even after the service level broke (for before/after comparisons at fixed CCU). */
const ALL_STEPS = env.CCU_ALL_STEPS === "1";
const PROFILE_DIR = env.CCU_PROFILE_DIR ? path.resolve(env.CCU_PROFILE_DIR) : undefined;
const PROFILE_RAMP = Boolean(PROFILE_DIR) && env.CCU_PROFILE_RAMP === "1";
/** With CCU_PROFILE_DIR: also a sampling allocation profile (.heapprofile) of each measured window. */
const PROFILE_ALLOCATIONS = Boolean(PROFILE_DIR) && env.CCU_PROFILE_ALLOCATIONS === "1";
/** A generator process above this share of one core is the bottleneck, not the server. */
const GENERATOR_SATURATED_PERCENT = 90;
const JWT_SECRET = "bench-secret-bench-secret-bench-secret-0000";

if (
  STEPS.some((n) => !Number.isInteger(n) || n < 2) ||
  !(STEP_SECONDS > 0) ||
  !(THINK_MAX_MS >= THINK_MIN_MS) ||
  !(GENERATORS >= 1)
) {
  throw new Error("bad CCU_STEPS / CCU_STEP_SECONDS / CCU_THINK_MS / CCU_GENERATORS");
}
if (!Number.isInteger(PROCESSES) || PROCESSES < 1 || (PROCESSES > 1 && !env.REDIS_URL && !SERVICES_CPUS)) {
  throw new Error(
    "CCU_PROCESSES must be a whole number ≥ 1, and REDIS_URL (or CCU_SERVICES_CPUS) is required when it is above 1",
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProbeReading {
  seconds: number;
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  cpuPercent: number;
  rssMB: number;
  heapUsedMB: number;
  externalMB: number;
  gcMs: number;
  gcCount: number;
  gcMaxMs: number;
}

function ask<T>(child: ChildProcess, request: object, type: string, timeoutMs = 30_000): Promise<T> {
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
    child.send(request, (err) => {
      if (!err) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      reject(err);
    });
  });
}

const probe = (server: ServerProcess) => ask<ProbeReading>(server.child, { type: "ccu-probe" }, "ccu-probe");

/** All server processes' readings: CPU, RSS, GC summed; event-loop delay the worst process's. */
async function probeAll(servers: ServerProcess[]): Promise<ProbeReading & { each: ProbeReading[] }> {
  const each = await Promise.all(servers.map(probe));
  const sum = (key: keyof ProbeReading) => each.reduce((a, r) => a + r[key], 0);
  const max = (key: keyof ProbeReading) => Math.max(...each.map((r) => r[key]));
  return {
    seconds: max("seconds"),
    eventLoopP50Ms: max("eventLoopP50Ms"),
    eventLoopP99Ms: max("eventLoopP99Ms"),
    eventLoopMaxMs: max("eventLoopMaxMs"),
    cpuPercent: sum("cpuPercent"),
    rssMB: sum("rssMB"),
    heapUsedMB: sum("heapUsedMB"),
    externalMB: sum("externalMB"),
    gcMs: sum("gcMs"),
    gcCount: sum("gcCount"),
    gcMaxMs: max("gcMaxMs"),
    each,
  };
}

class Generators {
  readonly children: ChildProcess[] = [];

  /** Generator i drives endpoints[i % endpoints.length]: the population is split evenly across processes. */
  constructor(mode: "battle" | "echo", endpoints: string[]) {
    for (let i = 0; i < GENERATORS; i++) {
      const [command, args] = nodeCommand(["--import", "tsx", path.join(__dirname, "ccu-clients.ts")], {
        raiseFileLimit: true,
        cpus: GENERATOR_CPUS,
      });
      const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit", "ipc"] });
      const config: GeneratorConfig = {
        type: "config",
        mode,
        endpoint: endpoints[i % endpoints.length],
        generatorIndex: i,
        thinkMinMs: THINK_MIN_MS,
        thinkMaxMs: THINK_MAX_MS,
        turnBudgetMs: 45_000,
        joinConcurrency: JOIN_CONCURRENCY,
      };
      child.send(config);
      this.children.push(child);
    }
  }

  pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  /** Grows the population to `total`, split evenly. */
  target(total: number, echoIntervalMs?: number): void {
    this.children.forEach((child, i) => {
      const share = Math.floor(total / GENERATORS) + (i < total % GENERATORS ? 1 : 0);
      child.send({ type: "target", players: share, echoIntervalMs });
    });
  }

  reports(): Promise<GeneratorReport[]> {
    return Promise.all(this.children.map((c) => ask<GeneratorReport>(c, { type: "report" }, "report")));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
            child.once("exit", () => {
              clearTimeout(kill);
              resolve();
            });
            child.send({ type: "stop" });
          }),
      ),
    );
  }
}

function mergeCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

interface Step {
  ccu: number;
  actionsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuPercent: number;
  rssMB: number;
  eventLoopP99Ms: number;
  errors: number;
  generatorCpuPercent: number;
  [extra: string]: unknown;
}

/** Grows to `ccu`, waits until it is reached (or the ramp times out), then measures one steady window. */
async function runStep(
  kind: "battle" | "echo",
  ccu: number,
  servers: ServerProcess[],
  generators: Generators,
  options: { echoIntervalMs?: number; db?: Knex },
): Promise<Step> {
  const rampStarted = performance.now();
  if (PROFILE_RAMP) for (const server of servers) server.child.send({ type: "ccu-profile-start" });
  generators.target(ccu, options.echoIntervalMs);
  const rampErrors: Record<string, number> = {};
  let reached = false;
  let rampGeneratorCpuMax = 0;
  const rampBattles = { joined: 0, crossProcess: 0 };
  for (;;) {
    await sleep(2000);
    const reports = await generators.reports();
    for (const r of reports) {
      mergeCounts(rampErrors, r.errors);
      rampBattles.joined += r.battlesStarted;
      rampBattles.crossProcess += r.crossProcessBattles;
    }
    rampGeneratorCpuMax = Math.max(rampGeneratorCpuMax, ...reports.map((r) => r.cpuPercent));
    const connected = reports.reduce((a, r) => a + r.connected, 0);
    const inBattle = reports.reduce((a, r) => a + r.inBattle, 0);
    log(
      `${kind} ramp to ${ccu}: ${connected} connected, ${inBattle} in rooms, generator CPU max ${round(rampGeneratorCpuMax)}%`,
    );
    if (connected >= ccu * 0.99 && inBattle >= ccu * 0.9) {
      reached = true;
      break;
    }
    if ((performance.now() - rampStarted) / 1000 > RAMP_TIMEOUT_SECONDS) break;
  }
  const rampSeconds = (performance.now() - rampStarted) / 1000;
  if (PROFILE_RAMP) {
    for (const [i, server] of servers.entries()) {
      server.child.send({
        type: "ccu-profile-stop",
        file: path.join(PROFILE_DIR!, `${kind}-ramp-${ccu}-p${i}-${Date.now()}.cpuprofile`),
      });
    }
  }
  // The profiler's start stops the server's event loop for ~0.5 s: it starts before the settle time, not in
  // the measured window.
  if (PROFILE_DIR) {
    for (const server of servers) server.child.send({ type: "ccu-profile-start", allocations: PROFILE_ALLOCATIONS });
  }
  await sleep(SETTLE_SECONDS * 1000);

  // --- the measured window ---
  await generators.reports();
  await probeAll(servers);
  const groups = {
    server: { pids: () => servers.map((s) => s.child.pid!) },
    generators: { pids: () => generators.pids() },
    postgres: { comm: /^postgres$/ },
    redis: { comm: /^redis-server$/ },
  };
  const cpuBefore = sampleCpu(groups);
  const recordedBefore = options.db ? await recordedMatches(options.db) : 0;
  const loadBefore = loadavg()[0];
  await sleep(STEP_SECONDS * 1000);
  if (PROFILE_DIR) {
    for (const [i, server] of servers.entries()) {
      server.child.send({
        type: "ccu-profile-stop",
        file: path.join(PROFILE_DIR, `${kind}-${ccu}-p${i}-${Date.now()}.cpuprofile`),
        allocations: PROFILE_ALLOCATIONS,
      });
    }
  }
  const [reports, server_, cpuAfter] = [await generators.reports(), await probeAll(servers), sampleCpu(groups)];
  const recordedAfter = options.db ? await recordedMatches(options.db) : 0;
  const seconds = reports[0].seconds;
  const rtts = reports.flatMap((r) => r.rttMs).sort((a, b) => a - b);
  const errors = reports.reduce((acc, r) => mergeCounts(acc, r.errors), {} as Record<string, number>);
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const connected = reports.reduce((a, r) => a + r.connected, 0);
  const actions = reports.reduce((a, r) => a + r.actions, 0);
  const share = (c: CpuSample | null, d: CpuSample | null, name: string) =>
    c && d ? round((groupSecondsBetween(c, d, name) / seconds) * 100) : null;
  const step: Step = {
    ccu: connected,
    actionsPerSec: round(actions / seconds, 1),
    p50Ms: round(percentile(rtts, 50), 2),
    p99Ms: round(percentile(rtts, 99), 2),
    serverCpuPercent: round(server_.cpuPercent),
    rssMB: round(server_.rssMB),
    eventLoopP99Ms: round(server_.eventLoopP99Ms, 2),
    errors: errorCount,
    generatorCpuPercent: round(Math.max(...reports.map((r) => r.cpuPercent))),
    // --- beyond the required fields ---
    targetCcu: ccu,
    reached,
    rampSeconds: round(rampSeconds),
    inRooms: reports.reduce((a, r) => a + r.inBattle, 0),
    seconds: round(seconds),
    samples: rtts.length,
    maxMs: round(rtts[rtts.length - 1] ?? 0, 2),
    rssMBPer1000Ccu: round((server_.rssMB / Math.max(1, connected)) * 1000, 1),
    // Players one core would hold at this CPU cost per player (a projection from this step, not a measurement).
    ccuPerCoreAtThisCost: server_.cpuPercent > 0 ? Math.round((connected * 100) / server_.cpuPercent) : null,
    heapUsedMB: round(server_.heapUsedMB),
    eventLoopP50Ms: round(server_.eventLoopP50Ms, 2),
    eventLoopMaxMs: round(server_.eventLoopMaxMs, 2),
    gcMsPerSec: round(server_.gcMs / seconds, 1),
    gcMaxMs: round(server_.gcMaxMs, 1),
    errorsByKind: errors,
    rampErrors,
    resultsReceived: reports.reduce((a, r) => a + r.results, 0),
    battlesJoined: reports.reduce((a, r) => a + r.battlesStarted, 0),
    crossProcessBattles: reports.reduce((a, r) => a + r.crossProcessBattles, 0),
    // Battles joined while the population grew to this step (most battles start then, at human pace).
    rampBattlesJoined: rampBattles.joined,
    rampCrossProcessBattles: rampBattles.crossProcess,
    processes: servers.length,
    serverCpuPercentEach: server_.each.map((r) => round(r.cpuPercent)),
    rssMBEach: server_.each.map((r) => round(r.rssMB)),
    matchesRecorded: options.db ? recordedAfter - recordedBefore : undefined,
    generatorCpuPercentTotal: round(reports.reduce((a, r) => a + r.cpuPercent, 0)),
    generatorCpuPercentEach: reports.map((r) => round(r.cpuPercent)),
    generatorRssMB: round(reports.reduce((a, r) => a + r.rssMB, 0)),
    rampGeneratorCpuMaxPercent: round(rampGeneratorCpuMax),
    // The machine around the run (2 cores shared with other work): 1-minute load average at both ends of
    // the window, and every core's busy share during it.
    loadAvg1m: [round(loadBefore, 2), round(loadavg()[0], 2)],
    machineCpuPercent:
      cpuBefore && cpuAfter
        ? round(((cpuAfter.machineBusy - cpuBefore.machineBusy) / (seconds * cpuAfter.cores)) * 100)
        : null,
    postgresCpuPercent: share(cpuBefore, cpuAfter, "postgres"),
    redisCpuPercent: share(cpuBefore, cpuAfter, "redis"),
  };
  log(`${kind} step ${ccu}: ${JSON.stringify(step)}`);
  return step;
}

async function recordedMatches(db: Knex): Promise<number> {
  return Number((await db("match_history").count({ n: "*" }))[0].n);
}

type StopReason = "slo" | "generator" | "not_reached" | "steps_done";
const liveGenerators = new Set<Generators>();

function verdict(step: Step): StopReason | null {
  if (!step.reached) return "not_reached";
  if (step.p99Ms > SLO_P99_MS || step.errors > 0) return "slo";
  if (step.generatorCpuPercent >= GENERATOR_SATURATED_PERCENT) return "generator";
  return null;
}

async function ramp(
  kind: "battle" | "echo",
  servers: ServerProcess[],
  stepOptions: (ccu: number) => { echoIntervalMs?: number; db?: Knex },
) {
  const generators = new Generators(
    kind,
    servers.map((s) => s.baseUrl),
  );
  liveGenerators.add(generators);
  const steps: Step[] = [];
  let stopReason: StopReason = "steps_done";
  let maxCcuWithinSlo = 0;
  try {
    for (const ccu of STEPS) {
      const step = await runStep(kind, ccu, servers, generators, stepOptions(ccu));
      steps.push(step);
      const stop = verdict(step);
      // A saturated generator still measured a valid step; the ramp cannot go higher than it.
      if ((stop === null || stop === "generator") && stopReason === "steps_done") maxCcuWithinSlo = step.ccu;
      if (stop) {
        if (stopReason === "steps_done") stopReason = stop;
        if (!ALL_STEPS || stop === "not_reached") break;
      }
    }
  } finally {
    await generators.stop();
    liveGenerators.delete(generators);
  }
  return { steps, maxCcuWithinSlo, stopReason };
}

/** PostgreSQL and Redis of the run's own, pinned to CCU_SERVICES_CPUS; stopped and removed by `destroy()`. */
async function ownServices(cpus: string) {
  const [postgres, redis] = await Promise.all([
    PostgresInstance.create({ cpus }),
    RedisInstance.create({ persistent: false, cpus }),
  ]);
  log(`own PostgreSQL on port ${postgres.port} and Redis on port ${redis.port}, pinned to CPUs ${cpus}`);
  return {
    postgres,
    redis,
    destroy: () => Promise.allSettled([postgres.destroy(), redis.destroy()]),
  };
}

async function main(): Promise<void> {
  const services = SERVICES_CPUS ? await ownServices(SERVICES_CPUS) : null;
  const database = services
    ? await createPostgresDatabase(services.postgres.url, "bench_ccu")
    : await freshDatabase("bench_ccu");
  const redisUrl = services?.redis.url ?? env.REDIS_URL;
  const redis: Record<string, string> = redisUrl
    ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `benchccu${Date.now()}:` }
    : {};
  log(
    `steps ${STEPS.join(", ")}; ${STEP_SECONDS}s each; think ${THINK_MIN_MS}-${THINK_MAX_MS} ms; ${GENERATORS} generators; redis ${Boolean(redisUrl)}`,
  );
  let db: Knex | null = null;
  let servers: ServerProcess[] = [];
  // Interrupted (Ctrl-C, timeout): stop the children and drop the database before exiting.
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping servers and generators, dropping the database`);
    void Promise.allSettled([...liveGenerators].map((g) => g.stop()))
      .then(() => Promise.allSettled(servers.map((s) => s.stop())))
      .then(() => db?.destroy())
      .then(() => database.drop())
      .then(() => services?.destroy())
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const stopServers = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
  };
  try {
    for (let i = 0; i < PROCESSES; i++) {
      const server = await startServerProcess(
        {
          DATABASE_URL: database.url,
          ...redis,
          JWT_SECRET,
          STEAM_AUTH_MODE: "dev",
          LOG_LEVEL: "warn",
          // Every bot logs in from 127.0.0.1.
          LOGIN_RATE_LIMIT_PER_MINUTE: "1000000000",
          OUTBOX_FILE: path.join(tmpdir(), `bench-ccu-outbox-${process.pid}-${i}.jsonl`),
          // A seat on another process is reached through that process's own address ({port} = its PORT).
          ...(PROCESSES > 1 ? { PUBLIC_ADDRESS: "127.0.0.1:{port}", NODE_APP_INSTANCE: "0" } : {}),
        },
        { nodeArgs: ["--import", "./bench/ccu-probe.ts"], ipc: true, raiseFileLimit: true, cpus: SERVER_CPUS },
      );
      servers.push(server);
    }
    db = knex({ client: "pg", connection: database.url, pool: { min: 0, max: 1 } });
    const battle = WITH_BATTLE
      ? await ramp("battle", servers, () => ({ db: db! }))
      : { steps: [], maxCcuWithinSlo: 0, stopReason: "skipped" };
    await stopServers();

    let echo: Awaited<ReturnType<typeof ramp>> | null = null;
    if (WITH_ECHO) {
      // The battle step's message rate at the same CCU; above its last step, the same rate per client.
      const last = battle.steps[battle.steps.length - 1];
      const perClient = last && last.actionsPerSec > 0 ? last.actionsPerSec / last.ccu : ECHO_RATE_PER_CLIENT;
      const rateAt = (ccu: number) => {
        const same = battle.steps.find((s) => s.targetCcu === ccu && s.actionsPerSec > 0);
        return same ? same.actionsPerSec : perClient * ccu;
      };
      for (let i = 0; i < PROCESSES; i++) {
        servers.push(
          await startServerProcess(
            {},
            {
              script: "bench/ccu-echo-server.ts",
              nodeArgs: ["--import", "./bench/ccu-probe.ts"],
              ipc: true,
              raiseFileLimit: true,
              cpus: SERVER_CPUS,
            },
          ),
        );
      }
      echo = await ramp("echo", servers, (ccu) => ({ echoIntervalMs: (1000 * ccu) / rateAt(ccu) }));
    }

    const summary = {
      bench: "ccu",
      slo: { p99Ms: SLO_P99_MS },
      steps: battle.steps,
      maxCcuWithinSlo: battle.maxCcuWithinSlo,
      stopReason: battle.stopReason,
      echo: echo ? { maxCcuWithinSlo: echo.maxCcuWithinSlo, stopReason: echo.stopReason, steps: echo.steps } : null,
      ratioToEcho: echo && echo.maxCcuWithinSlo > 0 ? round(battle.maxCcuWithinSlo / echo.maxCcuWithinSlo, 3) : null,
      // Server CPU of the battle step over the echo step at the same CCU and message rate: steadier than the
      // latency-bound ratio on a shared machine.
      serverCpuRatioToEcho: echo
        ? battle.steps.flatMap((b) => {
            const e = echo!.steps.find((x) => x.targetCcu === b.targetCcu);
            return e && e.serverCpuPercent > 0
              ? [{ ccu: b.targetCcu, ratio: round(b.serverCpuPercent / e.serverCpuPercent, 2) }]
              : [];
          })
        : null,
      settings: {
        stepSeconds: STEP_SECONDS,
        settleSeconds: SETTLE_SECONDS,
        thinkMs: [THINK_MIN_MS, THINK_MAX_MS],
        generators: GENERATORS,
        processes: PROCESSES,
        wsPingIntervalMs: Number(env.WS_PING_INTERVAL_MS ?? 10_000),
        serverCpus: SERVER_CPUS ?? null,
        generatorCpus: GENERATOR_CPUS ?? null,
        redis: Boolean(redisUrl),
        servicesCpus: SERVICES_CPUS ?? null,
        cores: sampleCpu({})?.cores ?? null,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await db?.destroy();
    await stopServers();
    await database.drop();
    await services?.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
