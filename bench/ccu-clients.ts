/**
 * A load-generator process of bench/ccu.ts (several run side by side). Driven over IPC:
 *
 * - battle mode: bot players that log in through POST /auth/steam, join the `queue` room, follow their
 *   `matched` reservation into a battle, answer each `legal` after a human think time (uniform
 *   CCU_THINK_MS, mulligan included), end their own turns, play to the `result`, then queue again at once:
 *   the population stays constant and every match is played to the end and recorded.
 * - echo mode: clients that join the bench's empty echo room and send one message per interval set by the
 *   parent (the battle step's message rate per client), idle otherwise.
 *
 * Light by design: schema patches are not decoded (a no-op serializer takes the SDK's "schema" slot; a bot
 * needs only `legal`, `events` and `result`), and the SDK runs over `ws`. Each `report` answers with this
 * process's counters since the previous one, its round trips (action sent → `events` received, or echo
 * sent → echo received) and its own CPU use.
 */
import "./ccu-node-websocket";
import { ColyseusSDK, registerSerializer, type Room } from "@colyseus/sdk";
import { chooseAction, seededRandom, type LegalAction } from "../loadtest/legal-bot";

class SkipStateSerializer {
  setState(): void {}
  getState(): null {
    return null;
  }
  patch(): void {}
  teardown(): void {}
  handshake(): void {}
}
registerSerializer("schema", SkipStateSerializer);

export interface GeneratorConfig {
  type: "config";
  mode: "battle" | "echo";
  endpoint: string;
  generatorIndex: number;
  thinkMinMs: number;
  thinkMaxMs: number;
  /** A turn that has lasted this long is ended by the player (the turn timer must never end it). */
  turnBudgetMs: number;
  /** Logins and room joins in flight at once, per process (the ramp's feed rate). */
  joinConcurrency: number;
}

export interface GeneratorReport {
  type: "report";
  seconds: number;
  players: number;
  connected: number;
  inBattle: number;
  actions: number;
  rttMs: number[];
  errors: Record<string, number>;
  results: number;
  battlesStarted: number;
  /** Battles this generator's players joined on another server process than their own (cluster runs). */
  crossProcessBattles: number;
  cpuPercent: number;
  rssMB: number;
}

let config: GeneratorConfig;
let stopping = false;
let echoIntervalMs = 10_000;
const players: Array<{ state: "offline" | "queue" | "battle"; room: Room | null }> = [];
const counters = { actions: 0, results: 0, battlesStarted: 0, crossProcessBattles: 0 };
let rttMs: number[] = [];
let errors: Record<string, number> = {};
let cpuAtReport = process.cpuUsage();
let reportAt = performance.now();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const error = (kind: string) => {
  errors[kind] = (errors[kind] ?? 0) + 1;
};

/** At most `limit` tasks at once (logins and joins while the population ramps up). */
function gate(limit: () => number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit()) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const joinGate = gate(() => config.joinConcurrency);

function steamIdOf(index: number): string {
  return String(76561198000000000n + BigInt(config.generatorIndex) * 1_000_000n + BigInt(index + 1));
}

async function login(steamId: string): Promise<string> {
  const res = await fetch(`${config.endpoint}/auth/steam`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ticket: `dev:${steamId}` }),
  });
  const body = (await res.json()) as { accessToken?: string; error?: { code: string } };
  if (!res.ok || !body.accessToken) throw new Error(`login_${body.error?.code ?? res.status}`);
  return body.accessToken;
}

function think(random: () => number): number {
  return config.thinkMinMs + random() * (config.thinkMaxMs - config.thinkMinMs);
}

/** Plays one battle from its first `legal` to its `result`. Resolves true when the match ended normally. */
function playBattle(room: Room, random: () => number): Promise<boolean> {
  return new Promise((resolve) => {
    let latest: { stateId: number; actions: LegalAction[] } | null = null;
    let thinking: NodeJS.Timeout | null = null;
    let sentAt = 0;
    let turnStartedAt = 0;
    let over = false;
    const end = (ok: boolean) => {
      if (over) return;
      over = true;
      if (thinking) clearTimeout(thinking);
      resolve(ok);
    };
    const act = () => {
      thinking = null;
      const legal = latest;
      latest = null;
      if (!legal || over || stopping) return;
      let pick = chooseAction(legal.actions, random);
      const endTurn = legal.actions.find((a) => a.type === "end_turn");
      if (endTurn && performance.now() - turnStartedAt > config.turnBudgetMs) pick = endTurn;
      if (!pick) return;
      if (pick.type === "end_turn") turnStartedAt = 0;
      sentAt = performance.now();
      counters.actions++;
      room.send(pick.type, pick);
    };
    room.onMessage("legal", (msg: { stateId: number; actions: LegalAction[] }) => {
      latest = msg;
      if (turnStartedAt === 0 && !msg.actions.some((a) => a.type === "mulligan")) turnStartedAt = performance.now();
      thinking ??= setTimeout(act, think(random));
    });
    room.onMessage("events", (msg: { stateId: number }) => {
      // A `legal` sent before this change (the other seat's mulligan crossing ours) is out of date: a real
      // client drops it too, and the list that follows the change (if any is for us) replaces it.
      if (latest && latest.stateId < msg.stateId) latest = null;
      if (sentAt === 0) return;
      rttMs.push(performance.now() - sentAt);
      sentAt = 0;
    });
    room.onMessage("error", (msg: { code?: string }) => {
      error(`room_${msg?.code ?? "unknown"}`);
      sentAt = 0;
      // Ask for the current `legal` list again rather than wait for the turn timer.
      if (!over) room.send("sync", {});
    });
    room.onMessage("result", () => {
      counters.results++;
      end(true);
    });
    room.onMessage("cancelled", () => {
      error("battle_cancelled");
      end(false);
    });
    room.onLeave(() => {
      if (!over && !stopping) error("battle_dropped");
      end(false);
    });
  });
}

async function waitForMatch(queue: Room): Promise<unknown | null> {
  return new Promise((resolve) => {
    queue.onMessage("queued", () => undefined);
    queue.onMessage("queue_size", () => undefined);
    queue.onMessage("requeued", () => undefined);
    queue.onMessage("error", (msg: { code?: string }) => {
      error(`queue_${msg?.code ?? "unknown"}`);
      resolve(null);
    });
    queue.onMessage("replaced", () => {
      error("queue_replaced");
      resolve(null);
    });
    queue.onMessage("matched", (msg: { reservation: unknown }) => resolve(msg.reservation));
    queue.onMessage("*", () => undefined);
    queue.onLeave(() => resolve(null));
  });
}

const TOKEN_MAX_AGE_MS = 10 * 60_000; // access tokens live 15 minutes

async function battlePlayer(index: number): Promise<void> {
  const me = players[index];
  const steamId = steamIdOf(index);
  const random = seededRandom(config.generatorIndex * 1_000_003 + index);
  const sdk = new ColyseusSDK(config.endpoint);
  let tokenAt = 0;
  while (!stopping) {
    let queue: Room | null = null;
    try {
      await joinGate(async () => {
        if (Date.now() - tokenAt > TOKEN_MAX_AGE_MS) {
          sdk.auth.token = await login(steamId);
          tokenAt = Date.now();
        }
        queue = await sdk.joinOrCreate("queue", {});
      });
    } catch (err) {
      error(String((err as Error).message).startsWith("login_") ? (err as Error).message : "queue_join_failed");
      await sleep(1000 + random() * 2000);
      continue;
    }
    me.state = "queue";
    me.room = queue;
    const reservation = await waitForMatch(queue!);
    if (!reservation || stopping) {
      me.state = "offline";
      await queue!.leave().catch(() => undefined);
      if (!stopping) await sleep(1000);
      continue;
    }
    let battle: Room;
    try {
      battle = await sdk.consumeSeatReservation(reservation as never);
    } catch {
      error("battle_join_failed");
      me.state = "offline";
      await queue!.leave().catch(() => undefined);
      continue;
    }
    counters.battlesStarted++;
    const address = (reservation as { publicAddress?: string }).publicAddress;
    if (address && !config.endpoint.endsWith(`//${address}`)) counters.crossProcessBattles++;
    me.state = "battle";
    me.room = battle;
    const played = playBattle(battle, random);
    battle.send("sync", {});
    void queue!.leave().catch(() => undefined);
    await played;
    me.state = "offline";
    me.room = null;
    await battle.leave().catch(() => undefined);
  }
}

async function echoClient(index: number): Promise<void> {
  const me = players[index];
  const random = seededRandom(config.generatorIndex * 1_000_003 + index);
  const sdk = new ColyseusSDK(config.endpoint);
  let room: Room | null = null;
  // A refused or timed-out join is retried, as a real client would: the step's population must be reached.
  while (!room) {
    if (stopping) return;
    try {
      room = await joinGate(() => sdk.joinOrCreate("echo", {}));
    } catch {
      error("echo_join_failed");
      await sleep(1000 + random() * 2000);
    }
  }
  me.state = "battle";
  me.room = room;
  let sentAt = 0;
  let timer: NodeJS.Timeout | null = null;
  const payload = { type: "attack", attacker: 3, target: 5, stateId: 0 };
  const schedule = () => {
    timer = setTimeout(send, echoIntervalMs * (0.4 + 1.2 * random()));
  };
  const send = () => {
    if (stopping) return;
    sentAt = performance.now();
    counters.actions++;
    payload.stateId++;
    room.send("echo", payload);
  };
  room.onMessage("echo", () => {
    if (sentAt) rttMs.push(performance.now() - sentAt);
    sentAt = 0;
    schedule();
  });
  room.onLeave(() => {
    if (timer) clearTimeout(timer);
    me.state = "offline";
    if (!stopping) error("echo_dropped");
  });
  // The first message at a random point of one interval, so senders do not start in step.
  timer = setTimeout(send, echoIntervalMs * random());
}

function grow(target: number): void {
  while (players.length < target) {
    const index = players.length;
    players.push({ state: "offline", room: null });
    const run = config.mode === "battle" ? battlePlayer(index) : echoClient(index);
    run.catch((err) => error(`client_${(err as Error)?.name ?? "crash"}`));
  }
}

function report(): GeneratorReport {
  const cpu = process.cpuUsage(cpuAtReport);
  const seconds = (performance.now() - reportAt) / 1000;
  const out: GeneratorReport = {
    type: "report",
    seconds,
    players: players.length,
    connected: players.filter((p) => p.state !== "offline").length,
    inBattle: players.filter((p) => p.state === "battle").length,
    actions: counters.actions,
    rttMs,
    errors,
    results: counters.results,
    battlesStarted: counters.battlesStarted,
    crossProcessBattles: counters.crossProcessBattles,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    rssMB: process.memoryUsage().rss / 2 ** 20,
  };
  counters.actions = 0;
  counters.results = 0;
  counters.battlesStarted = 0;
  counters.crossProcessBattles = 0;
  rttMs = [];
  errors = {};
  cpuAtReport = process.cpuUsage();
  reportAt = performance.now();
  return out;
}

async function stop(): Promise<void> {
  stopping = true;
  await Promise.race([Promise.all(players.map((p) => p.room?.leave().catch(() => undefined))), sleep(10_000)]);
}

process.on("message", (message: { type: string; players?: number; echoIntervalMs?: number } | GeneratorConfig) => {
  if (message.type === "config") config = message as GeneratorConfig;
  else if (message.type === "target") {
    if ("echoIntervalMs" in message && message.echoIntervalMs) echoIntervalMs = message.echoIntervalMs;
    grow((message as { players: number }).players);
  } else if (message.type === "report") process.send!(report());
  else if (message.type === "stop") void stop().then(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
