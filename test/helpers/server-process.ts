import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { waitFor } from "./wait";

const ROOT = path.resolve(__dirname, "../..");

/** A real server process: the sources through tsx (as `npm run dev` runs them), or the build `npm start` runs. */
export interface ServerProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  startedAt: number;
  /** Resolves with the exit code (or signal) and how long after spawning it came. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
  output(): string;
}

export function spawnServer(env: Record<string, string>, options: { fromBuild?: boolean } = {}): ServerProcess {
  const args = options.fromBuild ? ["--enable-source-maps", "dist/index.mjs"] : ["--import", "tsx", "src/index.ts"];
  const child = spawn(path.join(ROOT, "node_modules/.bin/node"), args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const startedAt = Date.now();
  const proc: ServerProcess = {
    child,
    stdout: [],
    stderr: [],
    startedAt,
    exited: new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal, afterMs: Date.now() - startedAt })),
    ),
    output: () => proc.stdout.join("") + proc.stderr.join(""),
  };
  child.stdout!.on("data", (d) => proc.stdout.push(String(d)));
  child.stderr!.on("data", (d) => proc.stderr.push(String(d)));
  return proc;
}

export async function waitListening(proc: ServerProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    () => {
      if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.output()}`);
      return proc.stdout.join("").includes("Server listening");
    },
    "the server to listen",
    timeoutMs,
  );
}

/** SIGTERM (the server drains), then SIGKILL if it is still there after graceMs. */
export async function stopServer(proc: ServerProcess, graceMs = 15_000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), graceMs);
  await proc.exited;
  clearTimeout(timer);
}
