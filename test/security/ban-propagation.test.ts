import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import { migrateLatest } from "../../src/db/migrate";
import { parseAdminArgs, UsageError } from "../../src/tools/admin-cli";
import { postgresBackend, REAL_DATABASE_URL, REAL_REDIS_URL } from "../helpers/backends";
import { freePort } from "../helpers/game-server";
import { request } from "../helpers/http";
import { spawnServer, stopServer, waitListening, type ServerProcess } from "../helpers/server-process";
import { TEST_JWT_SECRET } from "../helpers/test-app";
import { waitFor } from "../helpers/wait";

const ROOT = path.resolve(__dirname, "../..");
let counter = 0;
const nextSteamId = () => String(76561198740000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

/** `npm run admin -- <args>` as an operator runs it: its own process, exit code and output. */
function runAdmin(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    path.join(ROOT, "node_modules/.bin/node"),
    ["--import", "tsx", "src/tools/admin-cli.ts", ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run admin: arguments", () => {
  const now = new Date("2027-01-01T00:00:00Z");
  const id = "76561198000000042";
  it("parses ban (minutes, until, permanent), unban and bans", () => {
    assert.deepEqual(parseAdminArgs(["ban", id, "--minutes", "90", "--reason", "aimbot", "--by", "alice"], now), {
      kind: "ban",
      steamId: id,
      until: new Date("2027-01-01T01:30:00Z"),
      reason: "aimbot",
      by: "alice",
    });
    assert.deepEqual(
      parseAdminArgs(["ban", id, "--until", "2027-02-01T00:00:00Z", "--reason", "x", "--by", "a"], now).kind,
      "ban",
    );
    assert.equal(
      (parseAdminArgs(["ban", id, "--permanent", "--reason", "x"], now) as { until: Date | null }).until,
      null,
    );
    assert.deepEqual(parseAdminArgs(["unban", id, "--by", "bob"], now), {
      kind: "unban",
      steamId: id,
      reason: null,
      by: "bob",
    });
    assert.deepEqual(parseAdminArgs(["bans", id], now), { kind: "bans", steamId: id });
  });
  for (const [args, why] of [
    [["ban", id, "--reason", "x"], "no end"],
    [["ban", id, "--minutes", "5", "--permanent", "--reason", "x"], "two ends"],
    [["ban", id, "--minutes", "5"], "no reason"],
    [["ban", id, "--minutes", "-5", "--reason", "x"], "negative minutes"],
    [["ban", id, "--until", "2026-01-01", "--reason", "x"], "until in the past"],
    [["ban", id, "--until", "next week", "--reason", "x"], "until not a date"],
    [["ban", "12345", "--permanent", "--reason", "x"], "not a SteamID64"],
    [["kick", id], "unknown command"],
  ] as const) {
    it(`refuses ${why}`, () => assert.throws(() => parseAdminArgs([...args], now), UsageError));
  }
});

(REAL_DATABASE_URL && REAL_REDIS_URL ? describe : describe.skip)(
  "ban propagation across two server processes (Redis pub/sub)",
  function () {
    this.timeout(120_000);
    const procs: ServerProcess[] = [];
    const urls: string[] = [];
    let env: Record<string, string>;
    let knex: Knex;
    let dispose: (() => Promise<void>) | null = null;

    before(async () => {
      const provisioned = await postgresBackend.provision();
      dispose = provisioned.dispose;
      knex = knexFactory({ client: "pg", connection: provisioned.env.DATABASE_URL, pool: { min: 0, max: 2 } });
      await migrateLatest(knex); // once, so the two processes do not race on the migration lock
      // Colyseus keeps global keys in its Redis database: these processes get one of their own (as two-process.test.ts).
      const redisUrl = new URL(REAL_REDIS_URL!);
      redisUrl.pathname = "/" + (9 + ((process.pid + 3) % 6));
      env = {
        DATABASE_URL: provisioned.env.DATABASE_URL,
        REDIS_URL: redisUrl.toString(),
        REDIS_KEY_PREFIX: provisioned.env.REDIS_KEY_PREFIX,
        JWT_SECRET: TEST_JWT_SECRET,
        STEAM_AUTH_MODE: "dev",
        LOG_LEVEL: "warn",
        // The safety-net reload must not be what makes the test pass: only the pub/sub event can.
        BAN_LIST_RELOAD_SECONDS: "3600",
      };
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const proc = spawnServer({ ...env, PORT: String(port), PUBLIC_ADDRESS: `127.0.0.1:${port}` });
        procs.push(proc);
        await waitListening(proc);
        urls.push(`http://127.0.0.1:${port}`);
      }
    });

    after(async () => {
      await Promise.all(procs.map((p) => stopServer(p)));
      await knex?.destroy();
      await dispose?.();
    });

    const decks = (url: string, token: string) => request(url, "GET", "/api/me/decks", { token });

    /** Milliseconds until `url` answers `status` to the token, at most 5 s. */
    async function timeUntil(url: string, token: string, status: number): Promise<number> {
      const start = Date.now();
      await waitFor(async () => (await decks(url, token)).status === status, `${url} to answer ${status}`, 5000);
      return Date.now() - start;
    }

    it("a ban from the CLI stops the player's live access token on both processes within 5 s; unban lets them back", async () => {
      const steamId = nextSteamId();
      const login = await request(urls[0], "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      assert.equal(login.status, 200);
      const { accessToken, refreshToken } = login.body;
      for (const url of urls) assert.equal((await decks(url, accessToken)).status, 200);

      const banned = await runAdmin(env, [
        "ban",
        steamId,
        "--minutes",
        "30",
        "--reason",
        "aimbot",
        "--by",
        "test-admin",
      ]);
      assert.equal(banned.code, 0, banned.stderr);
      assert.equal(JSON.parse(banned.stdout).banned, steamId);
      const delays = await Promise.all(urls.map((url) => timeUntil(url, accessToken, 403)));
      for (const url of urls) {
        const res = await decks(url, accessToken);
        assert.equal(res.body.error.code, "banned");
        assert.equal(res.body.error.reason, "aimbot");
      }
      console.log(`      ban reached REST ${delays.join(" ms and ")} ms after the CLI exited`);
      assert.equal(
        (await request(urls[1], "POST", "/auth/refresh", { body: { refreshToken } })).status,
        401,
        "refresh refused",
      );
      const relogin = await request(urls[1], "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      assert.equal(relogin.status, 403);
      assert.equal(relogin.body.error.code, "banned");

      const unbanned = await runAdmin(env, ["unban", steamId, "--reason", "appeal", "--by", "test-admin"]);
      assert.equal(unbanned.code, 0, unbanned.stderr);
      const back = await request(urls[1], "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      assert.equal(back.status, 200);
      await timeUntil(urls[0], back.body.accessToken, 200);

      const log = await runAdmin(env, ["bans", steamId]);
      const entries = log.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        entries.map((e) => [e.kind, e.reason, e.createdBy]),
        [
          ["ban", "aimbot", "test-admin"],
          ["unban", "appeal", "test-admin"],
        ],
      );
    });

    it("a refresh token reused on one process stops the family's access tokens on the other within 5 s", async () => {
      const steamId = nextSteamId();
      const first = (await request(urls[0], "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } })).body;
      const rotated = await request(urls[0], "POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
      assert.equal(rotated.status, 200);
      assert.equal((await decks(urls[1], rotated.body.accessToken)).status, 200);
      const reuse = await request(urls[0], "POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
      assert.equal(reuse.body.error.code, "refresh_reused");
      await timeUntil(urls[1], rotated.body.accessToken, 401);
      assert.equal((await decks(urls[1], rotated.body.accessToken)).body.error.code, "session_revoked");
    });

    it("a usage error exits 2 with the usage, and writes nothing", async () => {
      const steamId = nextSteamId();
      const res = await runAdmin(env, ["ban", steamId, "--minutes", "5"]);
      assert.equal(res.code, 2);
      assert.match(res.stderr, /--reason/);
      assert.match(res.stderr, /usage:/);
      assert.equal((await knex("player_bans").where({ steam_id: steamId })).length, 0);
    });
  },
);
