import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { pauseMatchmaking, resumeMatchmaking } from "../../src/matchmaker/matchmaking-pause";
import { parseAdminArgs, UsageError } from "../../src/tools/admin-cli";
import { testBackends } from "../helpers/backends";
import { nextSteamId, seedPlayer, sleep } from "./helpers";
import { QueuePlayer } from "./queue-client";
import { startQueueServer, type QueueServer } from "./queue-server";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

/** `npm run admin -- matchmaking …` as an operator runs it, against the server's Redis and key prefix. */
async function adminCli(args: string[], env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return run(process.execPath, ["--import", "tsx", "src/tools/admin-cli.ts", "matchmaking", ...args], {
    cwd: ROOT,
    env: childEnv,
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

describe("matchmaking pause: admin arguments", () => {
  it("parses pause, resume and status, and refuses a bad duration", () => {
    assert.deepEqual(
      parseAdminArgs(["matchmaking", "pause", "--minutes", "15", "--reason", "deploy"], new Date(), "ops"),
      {
        kind: "matchmaking-pause",
        minutes: 15,
        reason: "deploy",
        by: "ops",
      },
    );
    assert.deepEqual(parseAdminArgs(["matchmaking", "pause"], new Date(), "ops"), {
      kind: "matchmaking-pause",
      minutes: 60,
      reason: "maintenance",
      by: "ops",
    });
    assert.deepEqual(parseAdminArgs(["matchmaking", "resume"], new Date(), "ops"), {
      kind: "matchmaking-resume",
      by: "ops",
    });
    assert.deepEqual(parseAdminArgs(["matchmaking", "status"]), { kind: "matchmaking-status" });
    for (const bad of [
      ["pause", "--minutes", "0"],
      ["pause", "--minutes", "1441"],
      ["pause", "--permanent"],
      ["stop"],
    ]) {
      assert.throws(() => parseAdminArgs(["matchmaking", ...bad]), UsageError, bad.join(" "));
    }
  });
});

for (const backend of testBackends()) {
  describe(`matchmaking pause [${backend.name}]`, function () {
    this.timeout(60_000);
    let srv: QueueServer;
    const players: QueuePlayer[] = [];

    before(async () => {
      srv = await startQueueServer(backend);
    });
    after(async () => {
      await Promise.all(players.splice(0).map((p) => p.leave()));
      await resumeMatchmaking(srv.services.store);
      await srv?.close();
    });

    async function join(steamId: string): Promise<QueuePlayer> {
      const p = await QueuePlayer.join(srv.endpoint, srv.services.accessTokens.sign(steamId).token, {});
      players.push(p);
      return p;
    }

    it("holds pairing while paused (players stay queued), and pairs them once it is resumed", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      await seedPlayer(srv.services.db.knex, a, { rating: 1500 });
      await seedPlayer(srv.services.db.knex, b, { rating: 1510 });
      const { config } = srv.services;
      const viaCli = Boolean(config.REDIS_URL);
      const cliEnv = {
        REDIS_URL: config.REDIS_URL,
        REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
        DATABASE_URL: undefined,
      };
      if (viaCli) {
        const paused = await adminCli(["pause", "--minutes", "5", "--reason", "test", "--by", "ops"], cliEnv);
        assert.equal(paused.code, 0, paused.stderr);
        assert.equal(JSON.parse(paused.stdout).matchmakingPaused.by, "ops");
        const status = await adminCli(["status"], cliEnv);
        assert.equal(JSON.parse(status.stdout).matchmakingPaused.reason, "test");
      } else {
        await pauseMatchmaking(srv.services.store, { by: "ops", reason: "test", minutes: 5 });
      }

      const [pa, pb] = [await join(a), await join(b)];
      await pa.next("queued");
      await pb.next("queued");
      // 100 ms matcher rounds (startQueueServer): 15 of them make no pair.
      await sleep(1500);
      assert.ok(!pa.has("matched") && !pb.has("matched"), "no pair while paused");
      assert.equal(await srv.services.matchmaking.queue.size(), 2, "both still queued");
      assert.equal(pa.leftCode, null);

      if (viaCli) {
        const resumed = await adminCli(["resume", "--by", "ops"], cliEnv);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(JSON.parse((await adminCli(["status"], cliEnv)).stdout).matchmakingPaused, null);
      } else {
        await resumeMatchmaking(srv.services.store);
      }
      const [ma, mb] = [await pa.next("matched"), await pb.next("matched")];
      assert.equal(ma.reservation.roomId, mb.reservation.roomId);
    });

    if (!backend.name.includes("postgres")) {
      it("the admin tool refuses matchmaking commands without REDIS_URL, saying why", async () => {
        const out = await adminCli(["pause"], { REDIS_URL: undefined, DATABASE_URL: undefined });
        assert.equal(out.code, 2);
        assert.match(out.stderr, /need REDIS_URL/);
      });
    }
  });
}
