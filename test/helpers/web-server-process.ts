import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./game-server";
import { TEST_JWT_SECRET } from "./test-app";
import { waitFor } from "./wait";

const ROOT = path.resolve(__dirname, "../..");

export interface ServerProcess {
  baseUrl: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** `src/index.ts` as its own process (what `npm start` runs), in dev Steam mode, until `Server listening`. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(path.join(ROOT, "node_modules/.bin/node"), ["--import", "tsx", "src/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "test",
      STEAM_AUTH_MODE: "dev",
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: "warn",
      ...env,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const chunks: string[] = [];
  child.stdout?.on("data", (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => chunks.push(d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exit;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      () => {
        if (exited) throw new Error(`server exited at start-up:\n${chunks.join("")}`);
        return chunks.join("").includes("Server listening");
      },
      "the server to listen",
      60_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl: `http://127.0.0.1:${port}`, port, output: () => chunks.join(""), stop };
}
