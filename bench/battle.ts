/**
 * npm run bench:battle — N concurrent battles played by bot clients (a child process) at a set pace,
 * served by one server process (this one). Reports server CPU µs per applied action (including state
 * patch encoding), memory per battle and actions/s, beside an empty room echoing the same message rate.
 * Last line: one JSON object.
 *
 * Options (env): BENCH_BATTLES (100), BENCH_PACE_MS (20), DATABASE_URL (default local PostgreSQL),
 * BENCH_CPU_PROFILE (a file: writes a .cpuprofile of the measured battle window only).
 */
import { fork, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { matchMaker, Room } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import { createApp } from "../src/app";
import { battleMetrics } from "../src/battle/battle-metrics";
import { loadConfig } from "../src/config";
import { setLogLevel } from "../src/logger";
import { freePortSync } from "./free-port";
import { freshDatabase, log, ROOT, round } from "./support";

const BATTLES = Number(process.env.BENCH_BATTLES ?? 100);
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 20);

const EchoState = schema({ count: t.uint32() }, "EchoState");

/** The peer: a room that does nothing but answer each message and bump one state field. */
class EchoRoom extends Room<{ state: InstanceType<typeof EchoState> }> {
  maxClients = 2;
  static async onAuth() {
    throw new Error("seat reservations only");
  }
  onCreate() {
    this.setState(new EchoState());
    this.state.count = 0;
    this.onMessage("echo", (client, message) => {
      this.state.count++;
      client.send("echo", message);
    });
  }
}

function startBots(): ChildProcess {
  return fork(path.join(ROOT, "bench/battle-bot-clients.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}

function waitFor(child: ChildProcess, type: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: any) => {
      if (msg?.type === type) {
        child.off("message", onMessage);
        resolve(msg);
      }
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`bot process exited with ${code}`)));
  });
}

interface BenchPlayer {
  steamId: string;
  deckId: string;
  /** battle seats are bound to their player's access token */
  accessToken: string;
}

async function reserveBattles(players: BenchPlayer[], count: number, tag: string): Promise<any[]> {
  const reservations: any[] = [];
  for (let b = 0; b < count; b++) {
    const pair = [players[2 * b], players[2 * b + 1]];
    const room = await matchMaker.createRoom("battle", {
      players: pair.map((p) => ({ steamId: p.steamId, deckId: p.deckId, rating: 1500 })),
      seed: `bench-${tag}-${b}`,
      timers: { turn: 300, mulligan: 300, reconnect: 60, join: 120 },
    });
    for (const p of pair) {
      const reservation = await matchMaker.reserveSeatFor(room, {}, { steamId: p.steamId });
      reservations.push({ reservation, token: p.accessToken });
    }
  }
  return reservations;
}

async function playBattles(players: BenchPlayer[], count: number, endpoint: string): Promise<void> {
  const bots = startBots();
  bots.send({ kind: "battle", endpoint, reservations: await reserveBattles(players, count, "warmup"), paceMs: 0 });
  await waitFor(bots, "done");
}

function gc(): void {
  (globalThis as any).gc?.();
  (globalThis as any).gc?.();
}

// `external` already includes `arrayBuffers` (Node's docs), so the two are not added.
const memoryNow = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop(file) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main(): Promise<void> {
  setLogLevel("error");
  const database = await freshDatabase("bench_battle");
  const port = freePortSync();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: database.url,
    REDIS_URL: "",
    PORT: String(port),
    JWT_SECRET: "bench-secret-bench-secret-bench-secret-0000",
    STEAM_AUTH_MODE: "dev",
    LOG_LEVEL: "error",
    BATTLE_MAX_MESSAGES_PER_SECOND: "1000",
  } as NodeJS.ProcessEnv);
  const app = await createApp(config);
  // The echo peer is registered beside the real rooms only in this benchmark.
  matchMaker.defineRoomType("echo", EchoRoom);
  await app.server.listen(port);
  const endpoint = `ws://127.0.0.1:${port}`;
  const knex = app.services.db.knex;

  try {
    log(`registering ${BATTLES * 2} players`);
    const players: BenchPlayer[] = [];
    for (let i = 0; i < BATTLES * 2; i++) {
      const steamId = String(76561198000000000n + BigInt(i + 1));
      const { accessToken } = await app.services.steamLogin.login(`dev:${steamId}`);
      const deck = await knex("player_decks").where({ player_id: steamId, is_default: true }).first("id");
      players.push({ steamId, deckId: deck.id, accessToken });
    }

    // --- warm-up: a few battles played to the end so JIT and lazy initialisation are not counted ---
    await playBattles(players.slice(0, 4), 2, endpoint);

    // --- battles ---
    const memoryBefore = memoryNow();
    const reservations = await reserveBattles(players, BATTLES, "run");
    const bots = startBots();
    bots.send({ kind: "battle", endpoint, reservations, paceMs: PACE_MS });
    await waitFor(bots, "joined");
    await new Promise((r) => setTimeout(r, 300));
    const memoryWithBattles = memoryNow();
    log(`${BATTLES} battles running`);
    const profiler = process.env.BENCH_CPU_PROFILE ? await startProfiler() : null;
    const actionsBefore = battleMetrics.actionsApplied + battleMetrics.timeoutsApplied;
    const rejectedBefore = battleMetrics.intentsRejected;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let memoryMidGame = 0;
    // The probe forces two full GCs inside the measured window; its CPU is instrumentation, not battle work.
    let probeCpu = { user: 0, system: 0 };
    const midGameProbe = setInterval(() => {
      if (memoryMidGame || battleMetrics.actionsApplied - actionsBefore < BATTLES * 40) return;
      const probeStart = process.cpuUsage();
      memoryMidGame = memoryNow();
      probeCpu = process.cpuUsage(probeStart);
    }, 100);
    const battleDone = await waitFor(bots, "done");
    clearInterval(midGameProbe);
    const battleSeconds = (performance.now() - started) / 1000;
    const windowCpu = process.cpuUsage(cpuBefore);
    const cpu = { user: windowCpu.user - probeCpu.user, system: windowCpu.system - probeCpu.system };
    if (profiler) await profiler.stop(process.env.BENCH_CPU_PROFILE!);
    const actions = battleMetrics.actionsApplied + battleMetrics.timeoutsApplied - actionsBefore;
    const battleCpuUs = cpu.user + cpu.system;
    void battleDone;
    await new Promise((r) => setTimeout(r, 1500));
    const recorded = Number((await knex("match_history").count({ n: "*" }))[0].n) - 2;

    // --- echo peer: same number of clients, same number of messages, same pace ---
    const perClient = Math.max(1, Math.round(actions / (BATTLES * 2)));
    const echoReservations: any[] = [];
    for (let b = 0; b < BATTLES; b++) {
      const room = await matchMaker.createRoom("echo", {});
      for (let s = 0; s < 2; s++)
        echoReservations.push({
          reservation: await matchMaker.reserveSeatFor(room, {}, { steamId: players[2 * b + s].steamId }),
        });
    }
    const echoBots = startBots();
    echoBots.send({
      kind: "echo",
      endpoint,
      reservations: echoReservations,
      paceMs: PACE_MS,
      messagesPerClient: perClient,
    });
    await waitFor(echoBots, "joined");
    const echoCpuBefore = process.cpuUsage();
    const echoStarted = performance.now();
    const echoDone = await waitFor(echoBots, "done");
    const echoSeconds = (performance.now() - echoStarted) / 1000;
    const echoCpu = process.cpuUsage(echoCpuBefore);
    const echoMessages = echoDone.messages as number;

    const usPerAction = battleCpuUs / actions;
    const usPerEcho = (echoCpu.user + echoCpu.system) / echoMessages;
    const summary = {
      benchmark: "battle",
      battles: BATTLES,
      paceMs: PACE_MS,
      actionsApplied: actions,
      intentsRejected: battleMetrics.intentsRejected - rejectedBefore,
      battlesRecorded: recorded,
      actionsPerSec: round(actions / battleSeconds),
      serverCpuUsPerAction: round(usPerAction),
      serverUserUsPerAction: round(cpu.user / actions),
      serverSystemUsPerAction: round(cpu.system / actions),
      memoryProbeCpuMsExcluded: round((probeCpu.user + probeCpu.system) / 1000),
      memoryPerBattleKB: round((Math.max(memoryWithBattles, memoryMidGame) - memoryBefore) / BATTLES / 1024),
      memoryPerBattleAtStartKB: round((memoryWithBattles - memoryBefore) / BATTLES / 1024),
      memoryPerBattleMidGameKB: memoryMidGame ? round((memoryMidGame - memoryBefore) / BATTLES / 1024) : null,
      echoMessages,
      echoMessagesPerSec: round(echoMessages / echoSeconds),
      echoCpuUsPerMessage: round(usPerEcho),
      echoUserUsPerMessage: round(echoCpu.user / echoMessages),
      ratioBattleToEcho: round(usPerAction / usPerEcho, 2),
      gcExposed: typeof (globalThis as any).gc === "function",
      targets: { cpuUsPerAction: 200, memoryPerBattleKB: 100 },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await app.server.gracefullyShutdown(false).catch(() => undefined);
    await app.services.close();
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
