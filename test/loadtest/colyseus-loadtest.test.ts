import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { testBackends } from "../helpers/backends";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { waitFor } from "../helpers/wait";

const ROOT = path.resolve(__dirname, "../..");
const CLIENTS = 4;

/** Ends the whole process group (npm, script, node) started by the test: SIGTERM, then SIGKILL. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const killed = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
  ]);
  if (!killed) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  }
}

/**
 * `npm run loadtest:colyseus` (@colyseus/loadtest on @colyseus/sdk 0.18) against a test server. The tool draws
 * a terminal dashboard and never exits, so it runs under a pseudo-terminal (`script`), in its own process
 * group, until matches are recorded; then the group is stopped (also when the test fails).
 */
for (const backend of testBackends()) {
  describe(`npm run loadtest:colyseus plays ranked matches [${backend.name}]`, function () {
    this.timeout(180_000);
    let server: TestGameServer;
    let child: ChildProcess | null = null;
    let tmp: string;

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "colyseus-loadtest-"));
      server = await startTestGameServer(backend, { BATTLE_MAX_MESSAGES_PER_SECOND: "500", MM_TICK_MS: "100" });
    });
    after(async () => {
      if (child) await stopGroup(child);
      await server?.close();
      if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it(`${CLIENTS} clients log in, queue, take their seats and play to a result; the matches are recorded`, async () => {
      const firstSteamId =
        76561198600000000n + BigInt(process.pid % 1000) * 1000n + (backend.name === "postgres" ? 100n : 200n);
      const steamIds = Array.from({ length: CLIENTS }, (_, i) => String(firstSteamId + BigInt(i)));
      const logFile = path.join(tmp, "loadtest.log");
      const command = [
        "stty cols 160 rows 50;",
        "exec npm run --silent loadtest:colyseus --",
        `--endpoint ${server.wsUrl} --numClients ${CLIENTS} --pace 20`,
        `--first-steamid ${firstSteamId} --output ${logFile}`,
      ].join(" ");
      let screen = "";
      child = spawn("script", ["-qfec", command, "/dev/null"], {
        cwd: ROOT,
        detached: true, // its own process group, stopped as a whole
        stdio: ["pipe", "pipe", "pipe"], // stdin stays open: `script` ends at end of input
        env: { ...process.env, TERM: "xterm" },
      });
      child.stdout!.on("data", (d: Buffer) => (screen = (screen + d.toString()).slice(-200_000)));
      child.stderr!.on("data", (d: Buffer) => (screen = (screen + d.toString()).slice(-200_000)));
      const exitedEarly = new Promise<never>((_, reject) =>
        child!.once("exit", (code, signal) =>
          reject(new Error(`loadtest exited early (${code ?? signal}):\n${screen.slice(-3000)}`)),
        ),
      );

      const knex = server.app.services.db.knex;
      const recorded = async () => {
        const rows = await knex("match_participants").whereIn("player_id", steamIds).countDistinct({ n: "match_id" });
        return Number(rows[0].n);
      };
      const matches = await Promise.race([
        waitFor(async () => ((await recorded()) >= 2 ? recorded() : 0), "2 recorded matches", 150_000),
        exitedEarly,
      ]);
      assert.ok(matches >= 2, `${matches} matches`);
      exitedEarly.catch(() => undefined);

      // Quit as an operator would, with `q` on its terminal: the tool writes its summary and logs to --output
      // and exits. (A signal to the group would end the pseudo-terminal first, and the tool with it.)
      const running = child;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.stdin!.write("q");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      await stopGroup(running);
      child = null;
      const summary = () => {
        const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
        return /Finished\. Summary/.test(text) ? text : null;
      };
      const log = await waitFor(summary, "the tool's summary", 15_000);
      const connections = Number(/Successful connections: (\d+)/.exec(log)?.[1]);
      assert.ok(connections >= CLIENTS, `queue joins counted by the tool: ${connections}`);
      assert.match(log, /result [0-9a-f-]{36} /, "finished battles are logged");
      const participants = await knex("match_participants")
        .whereIn("player_id", steamIds)
        .select(knex.raw("player_id::text as id"));
      assert.ok(new Set(participants.map((p: any) => p.id)).size >= 2, "several bot players played");
    });
  });
}
