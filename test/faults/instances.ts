import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Redis from "ioredis";
import { freePort } from "../helpers/game-server";
import { waitFor } from "../helpers/wait";

const run = promisify(execFile);

/**
 * PostgreSQL and Redis instances of the fault suite's own, on spare ports in temporary directories: the
 * suite stops, kills and restarts them. It never touches the shared 5432/6379 services.
 */

function postgresBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const bin = path.join(root, v, "bin", name);
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error(`PostgreSQL's ${name} not found under ${root}`);
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user then. */
function asPostgresUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

/** `taskset -c <cpus> command…` when pinned: the process and everything it starts stay on those CPUs. */
function pinned(command: [string, string[]], cpus: string | undefined): [string, string[]] {
  return cpus ? ["taskset", ["-c", cpus, command[0], ...command[1]]] : command;
}

export class PostgresInstance {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly cpus: string | undefined,
  ) {}

  /** postgres://…/postgres of this instance (trust authentication, loopback only). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** `cpus`: pin the server and its backends to these CPUs (`taskset -c`), e.g. for a benchmark. */
  static async create(options: { cpus?: string } = {}): Promise<PostgresInstance> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-faults-pg-"));
    if (process.getuid?.() === 0) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const uid = Number(stdout.trim());
      const { stdout: gidOut } = await run("id", ["-g", "postgres"]);
      fs.chownSync(dir, uid, Number(gidOut.trim()));
    }
    const [cmd, args] = asPostgresUser(postgresBin("initdb"), [
      "-D",
      path.join(dir, "data"),
      "-A",
      "trust",
      "-U",
      "postgres",
      "--no-sync",
      "-E",
      "UTF8",
    ]);
    await run(cmd, args, { timeout: 120_000 });
    const pg = new PostgresInstance(dir, await freePort(), options.cpus);
    await pg.start();
    return pg;
  }

  private async pgCtl(args: string[]): Promise<void> {
    const [cmd, full] = pinned(
      asPostgresUser(postgresBin("pg_ctl"), ["-D", path.join(this.dir, "data"), ...args]),
      this.cpus,
    );
    await run(cmd, full, { timeout: 120_000 });
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=200`;
    await this.pgCtl(["-l", path.join(this.dir, "log"), "-o", options, "-w", "-t", "90", "start"]);
  }

  /** `fast`: clients are disconnected, as an operator's restart; `immediate`: as a crash. */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await this.pgCtl(["-m", mode, "-w", "-t", "90", "stop"]);
  }

  async destroy(): Promise<void> {
    await this.stop("immediate").catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RedisOptions {
  /** appendonly yes + appendfsync always: a restart keeps every key. */
  persistent: boolean;
}

/** One redis-server child process; kill/restart keeps its port and directory (and AOF when persistent). */
export class RedisInstance {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly args: string[],
    private readonly cpus: string | undefined,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(
    options: RedisOptions & { extraArgs?: string[]; port?: number; cpus?: string },
  ): Promise<RedisInstance> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-faults-redis-"));
    const port = options.port ?? (await freePort());
    const persistence = options.persistent
      ? ["--appendonly", "yes", "--appendfsync", "always"]
      : ["--appendonly", "no"];
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      ...persistence,
      ...(options.extraArgs ?? []),
    ];
    const redis = new RedisInstance(dir, port, args, options.cpus);
    await redis.start();
    return redis;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const [command, args] = pinned(["redis-server", this.args], this.cpus);
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout!.on("data", (d) => this.output.push(String(d)));
    child.stderr!.on("data", (d) => this.output.push(String(d)));
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`redis-server on ${this.port} exited: ${this.output.join("").slice(-2000)}`);
        return ping(this.port);
      },
      `redis-server on ${this.port}`,
      30_000,
    );
  }

  /** SIGKILL: what a crash or an OOM kill does (nothing flushed beyond the AOF's fsync always). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    this.child = null;
  }

  async destroy(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function ping(port: number): Promise<boolean> {
  const client = new Redis({
    port,
    host: "127.0.0.1",
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
