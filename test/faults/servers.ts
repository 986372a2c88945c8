import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { migrateLatest } from "../../src/db/migrate";
import { syncCardCatalog } from "../../src/db/cards";
import { freePort } from "../helpers/game-server";
import { request } from "../helpers/http";
import { TEST_JWT_SECRET } from "../helpers/test-app";
import { waitFor } from "../helpers/wait";
import { QueuePlayer } from "../matchmaker/queue-client";
import { seedPlayer } from "../matchmaker/helpers";

const ROOT = path.resolve(__dirname, "../..");

/** A real server process (`node --import tsx src/index.ts`), as PM2 would run it. */
export class ServerProcess {
  readonly output: string[] = [];
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", "src/index.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        JWT_SECRET: TEST_JWT_SECRET,
        STEAM_AUTH_MODE: "dev",
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
        MM_TICK_MS: "250",
        BATTLE_MAX_MESSAGES_PER_SECOND: "500",
        ...env,
        PORT: String(port),
        PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const proc = new ServerProcess(child, port);
    child.stdout!.on("data", (d) => proc.output.push(String(d)));
    child.stderr!.on("data", (d) => proc.output.push(String(d)));
    await waitFor(
      () => {
        if (proc.exited) throw new Error(`server on ${port} exited: ${proc.output.join("").slice(-3000)}`);
        return proc.output.join("").includes("Server listening");
      },
      `server on port ${port}`,
      60_000,
    );
    return proc;
  }

  /** Sends the signal and waits for the process to exit (SIGKILL after timeoutMs). */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  /** An access token for a dev-mode login (registers the player on first use). */
  async login(steamId: string): Promise<string> {
    const res = await request(this.httpUrl, "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
    if (res.status !== 200) throw new Error(`login failed on ${this.port}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }
}

/** A fresh database on the suite's PostgreSQL, migrated once (so server processes do not race on it). */
export async function createGameDatabase(serverUrl: string, name: string): Promise<{ url: string; knex: Knex }> {
  const admin = knexFactory({ client: "pg", connection: serverUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(serverUrl);
  url.pathname = "/" + name;
  const knex = knexFactory({ client: "pg", connection: url.toString(), pool: { min: 0, max: 4 } });
  await migrateLatest(knex);
  await syncCardCatalog(knex);
  return { url: url.toString(), knex };
}

let counter = 0;
export function faultSteamId(): string {
  return String(76561198900000000n + BigInt(process.pid % 5000) * 1000n + BigInt(++counter));
}

/** A logged-in player with a profile at `rating` and a valid default deck. */
export async function preparePlayer(
  server: ServerProcess,
  knex: Knex,
  rating: number,
): Promise<{ steamId: string; token: string }> {
  const steamId = faultSteamId();
  const token = await server.login(steamId);
  await seedPlayer(knex, steamId, { rating });
  return { steamId, token };
}

/** Joins the queue through `server` and waits for `queued`. */
export async function queueOn(server: ServerProcess, token: string, timeoutMs = 15_000): Promise<QueuePlayer> {
  const p = await QueuePlayer.join(server.wsUrl, token);
  await p.next("queued", timeoutMs);
  return p;
}

/** Counts of recorded matches: rows of match_history, and participants per match (must be 2 each). */
export async function recordedMatches(
  knex: Knex,
): Promise<{ matches: number; participants: number; distinctMatches: number }> {
  const [{ matches }] = await knex("match_history").count({ matches: "*" });
  const [{ participants, distinctMatches }] = await knex("match_participants").select(
    knex.raw("count(*)::int as participants"),
    knex.raw('count(distinct match_id)::int as "distinctMatches"'),
  );
  return { matches: Number(matches), participants: Number(participants), distinctMatches: Number(distinctMatches) };
}

/** Leaves every room still open, bounded in time (a room on a killed process never answers). */
export async function leaveAll(rooms: Array<{ leave(): Promise<void> }>, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([Promise.allSettled(rooms.map((r) => r.leave())), bound]);
  clearTimeout(timer);
}
