import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createPostgresDatabase } from "../test/helpers/backends";
import { freePortSync } from "./free-port";

export const ROOT = path.resolve(__dirname, "..");
export const NODE = process.execPath;

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A fresh PostgreSQL database on the server named by DATABASE_URL (default: the local one), dropped by `drop()`. */
export function freshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  return createPostgresDatabase(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test", prefix);
}

export interface ServerProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Node arguments before the script, e.g. a probe module to preload (a .ts one loads tsx first). */
  nodeArgs?: string[];
  /** The script to run (default the real server as production runs it, the build's dist/index.mjs). */
  script?: string;
  /** Open an IPC channel to the child (child.send / "message"). */
  ipc?: boolean;
  /** Raise the open-file limit to the hard limit first (`ulimit -n`), for thousands of sockets. */
  raiseFileLimit?: boolean;
  /** Pin the process to these CPUs (`taskset -c`, e.g. "0"). */
  cpus?: string;
}

/**
 * `node args…`, run through `taskset -c <cpus>` when pinned, and through
 * `bash -c 'ulimit -n <hard>; exec …'` when the open-file limit must be raised: Node cannot raise its own
 * limit, and exec keeps the same process (pid, IPC channel).
 */
export function nodeCommand(
  args: string[],
  options: { raiseFileLimit?: boolean; cpus?: string } = {},
): [string, string[]] {
  const command: [string, string[]] = options.cpus ? ["taskset", ["-c", options.cpus, NODE, ...args]] : [NODE, args];
  if (!options.raiseFileLimit) return command;
  return ["bash", ["-c", 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', command[0], ...command[1]]];
}

/**
 * Starts the real server in its own process and waits for /health. The default script is the build
 * (`npm run bench:*` builds it first when a source changed: scripts/build-server.ts).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = freePortSync();
  const script = options.script ?? "dist/index.mjs";
  const nodeArgs = options.nodeArgs ?? [];
  const tsx = [script, ...nodeArgs].some((arg) => arg.endsWith(".ts")) ? ["--import", "tsx"] : [];
  const [command, args] = nodeCommand([...tsx, "--enable-source-maps", ...nodeArgs, script], options);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
      PORT: String(port),
      // e.g. BENCH_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server only
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      ...env,
    },
    stdio: options.ipc ? ["ignore", "ignore", "inherit", "ipc"] : ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    baseUrl,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
