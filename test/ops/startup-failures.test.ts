import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../helpers/game-server";
import { spawnServer, stopServer, waitListening, type ServerProcess } from "../helpers/server-process";
import { TEST_JWT_SECRET } from "../helpers/test-app";

/** A port nothing listens on (bound, then closed). */
const closedPort = freePort;

describe("start-up failures: one line naming the setting, exit non-zero within 10 s", function () {
  this.timeout(90_000);
  const procs: ServerProcess[] = [];
  const dirs: string[] = [];
  const blockers: net.Server[] = [];

  function start(env: Record<string, string>): ServerProcess {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-startup-"));
    dirs.push(dir);
    const proc = spawnServer({
      JWT_SECRET: TEST_JWT_SECRET,
      STEAM_AUTH_MODE: "dev",
      LOG_LEVEL: "warn",
      EMBEDDED_DB_DIR: dir,
      OUTBOX_FILE: path.join(dir, "outbox.jsonl"),
      ...env,
    });
    procs.push(proc);
    return proc;
  }

  async function expectRefusal(proc: ServerProcess, setting: string): Promise<string> {
    const { code, afterMs } = await proc.exited;
    const stderr = proc.stderr.join("");
    assert.notEqual(code, 0, `exit code; output: ${proc.output()}`);
    assert.ok(afterMs < 10_000, `exited after ${afterMs} ms`);
    const lines = stderr.split("\n").filter((l) => l.startsWith("Cannot start:"));
    assert.equal(lines.length, 1, `one clear line; stderr: ${stderr}`);
    assert.ok(lines[0].startsWith(`Cannot start: ${setting}: `), lines[0]);
    assert.doesNotMatch(stderr, /ioredis| {4}at /, "no retry noise and no stack trace");
    return lines[0];
  }

  after(async () => {
    await Promise.all(procs.map((p) => stopServer(p)));
    for (const b of blockers) b.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("PORT already in use", async () => {
    const blocker = net.createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const line = await expectRefusal(start({ PORT: String(port) }), "PORT");
    assert.match(line, new RegExp(`port ${port} is already in use`));
  });

  it("REDIS_URL that cannot be reached (refused, unknown host)", async () => {
    const port = await closedPort();
    const line = await expectRefusal(
      start({ PORT: String(await freePort()), REDIS_URL: `redis://:secret-pass@127.0.0.1:${port}/0` }),
      "REDIS_URL",
    );
    assert.match(line, /ECONNREFUSED/);
    assert.doesNotMatch(line, /secret-pass/, "the password is not printed");
    assert.match(
      await expectRefusal(
        start({ PORT: String(await freePort()), REDIS_URL: "redis://no-such-host.invalid:6379" }),
        "REDIS_URL",
      ),
      /ENOTFOUND|EAI_AGAIN/,
    );
  });

  it("DATABASE_URL that cannot be reached", async () => {
    const port = await closedPort();
    const line = await expectRefusal(
      start({ PORT: String(await freePort()), DATABASE_URL: `postgres://postgres:db-pass@127.0.0.1:${port}/cardgame` }),
      "DATABASE_URL",
    );
    assert.match(line, /ECONNREFUSED/);
    assert.doesNotMatch(line, /db-pass/);
  });

  it("a second server on the same EMBEDDED_DB_DIR refuses while the first runs", async () => {
    const first = start({ PORT: String(await freePort()) });
    await waitListening(first);
    const dir = dirs[dirs.length - 1];
    const second = spawnServer({
      JWT_SECRET: TEST_JWT_SECRET,
      STEAM_AUTH_MODE: "dev",
      LOG_LEVEL: "warn",
      EMBEDDED_DB_DIR: dir,
      PORT: String(await freePort()),
    });
    procs.push(second);
    const line = await expectRefusal(second, "EMBEDDED_DB_DIR");
    assert.match(line, new RegExp(`in use by another server \\(pid ${first.child.pid}\\)`));
    assert.equal(first.child.exitCode, null, "the first server keeps running");
    // Once the first one is gone (cleanly here; a crash leaves a stale lock that is taken over), the directory opens again.
    await stopServer(first);
    const third = start({ PORT: String(await freePort()), EMBEDDED_DB_DIR: dir });
    await waitListening(third);
    await stopServer(third);
  });

  it("NODE_ENV=production with Steam Web API login and no STEAM_IDENTITY", async () => {
    const proc = start({
      PORT: String(await freePort()),
      NODE_ENV: "production",
      STEAM_AUTH_MODE: "webapi",
      STEAM_WEB_API_KEY: "k",
      STEAM_APP_ID: "480",
    });
    const { code, afterMs } = await proc.exited;
    const lines = proc.stderr
      .join("")
      .split("\n")
      .filter((l) => l.startsWith("Invalid configuration:"));
    assert.notEqual(code, 0);
    assert.ok(afterMs < 10_000, `exited after ${afterMs} ms`);
    assert.equal(lines.length, 1, `one clear line; stderr: ${proc.stderr.join("")}`);
    assert.match(lines[0], /^Invalid configuration: STEAM_IDENTITY: required when NODE_ENV=production/);
  });
});
