import assert from "node:assert/strict";
import type { Knex } from "knex";
import type { ResultMessage } from "../helpers/battle-bots";
import { request } from "../helpers/http";
import { waitFor } from "../helpers/wait";
import { QueuePlayer } from "../matchmaker/queue-client";
import { playToTheEnd, startBattles, type RunningBattle } from "./battles";
import { RedisInstance } from "./instances";
import { createGameDatabase, leaveAll, preparePlayer, queueOn, recordedMatches, ServerProcess } from "./servers";
import { nextDatabaseName, suitePostgres } from "./suite-postgres";

const BATTLES = 8;
/** Bots "think" this long before each action, so the battles outlast a drain progress line (every 10 s). */
const BOT_DELAY_MS = 200;

interface LogLine {
  msg: string;
  battlesLeft?: number;
  seconds?: number;
}

function logLines(server: ServerProcess): LogLine[] {
  return server.output
    .join("")
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

describe("fault: SIGTERM drains a process with battles in progress (one of two)", function () {
  this.timeout(240_000);
  let redis: RedisInstance;
  let knex: Knex;
  const servers: ServerProcess[] = [];
  const battles: RunningBattle[] = [];
  const players: QueuePlayer[] = [];

  before(async () => {
    const pg = await suitePostgres();
    const db = await createGameDatabase(pg.url, nextDatabaseName("faults_drain"));
    knex = db.knex;
    redis = await RedisInstance.create({ persistent: false });
    const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, LOG_LEVEL: "info" };
    servers.push(await ServerProcess.start(env), await ServerProcess.start(env));
  });

  after(async () => {
    await leaveAll([
      ...players,
      ...battles.flatMap((b) => b.rooms.map((r) => ({ leave: async () => void (await r.leave()) }))),
    ]);
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    await knex?.destroy();
    await redis?.destroy();
  });

  it("answers /ready 503 at once, refuses matchmaking (another process takes it), lets every battle finish and record, logs its progress and exits 0", async () => {
    battles.push(...(await startBattles(servers, knex, BATTLES)));
    const perHost = (s: ServerProcess) => battles.filter((b) => b.host === `127.0.0.1:${s.port}`);
    const draining = perHost(servers[0]).length >= perHost(servers[1]).length ? servers[0] : servers[1];
    const survivor = servers.find((s) => s !== draining)!;
    const onDraining = perHost(draining);
    console.log(
      `      ${BATTLES} battles: ${onDraining.length} on the process to drain, ${BATTLES - onDraining.length} on the other`,
    );
    assert.ok(onDraining.length > 0);

    const exited = new Promise<number | null>((resolve) => draining.child.once("exit", (code) => resolve(code)));
    // SIGTERM comes mid-game: every battle has applied a few actions.
    const updates = battles.map(() => 0);
    for (const [i, b] of battles.entries()) {
      b.inboxes[0].on("events", () => {
        updates[i]++;
      });
    }
    const results: Promise<ResultMessage[]>[] = battles.map((b, i) => playToTheEnd(b, 2000 + i, BOT_DELAY_MS));
    await waitFor(() => updates.every((n) => n >= 3), "every battle under way", 30_000);

    draining.child.kill("SIGTERM");
    const signalled = Date.now();
    const ready = await waitFor(
      async () => {
        const res = await request(draining.httpUrl, "GET", "/ready");
        return res.status === 503 ? res : null;
      },
      "/ready to answer 503",
      5000,
    );
    const notReadyAfter = Date.now() - signalled;
    assert.equal(ready.body.error.code, "draining");
    assert.ok(notReadyAfter < 1000, `/ready still 200 ${notReadyAfter} ms after SIGTERM`);

    // Matchmaking on the draining process is refused with a body the SDK reads; the other process takes it.
    const refused = await request(draining.httpUrl, "POST", "/matchmake/joinOrCreate/queue", { body: {} });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, "draining");
    assert.equal(refused.headers.get("retry-after"), "1");
    const late = [await preparePlayer(survivor, knex, 50_000), await preparePlayer(survivor, knex, 50_000)];
    const sdkRefusal = await QueuePlayer.join(draining.wsUrl, late[0].token).then(
      (p) => (players.push(p), null),
      (e: { code?: number; message?: string }) => e,
    );
    assert.equal(sdkRefusal?.code, 503, "the SDK's join on the draining process is refused");
    assert.match(String(sdkRefusal?.message), /shutting down/);
    const latePlayers = [await queueOn(survivor, late[0].token), await queueOn(survivor, late[1].token)];
    players.push(...latePlayers);
    const lateMatch = await latePlayers[0].next("matched", 30_000);
    assert.equal(
      lateMatch.reservation.publicAddress,
      `127.0.0.1:${survivor.port}`,
      "the new battle is placed on the process that is not draining",
    );

    // Every battle, on both processes, is played to its end by the bots and recorded at once.
    const finished = await Promise.all(results);
    for (const [i, pair] of finished.entries()) {
      assert.equal(pair[0].matchId, pair[1].matchId);
      for (const r of pair) assert.equal(r.pending, false, `battle ${i}: ${JSON.stringify(r)}`);
    }
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 30_000)),
    ]);
    const drainSeconds = (Date.now() - signalled) / 1000;
    assert.equal(code, 0, `exit code of the drained process: ${draining.output.join("").slice(-3000)}`);

    const counts = await recordedMatches(knex);
    console.log(
      `      drained in ${drainSeconds.toFixed(1)} s; recorded ${JSON.stringify(counts)} for ${BATTLES} battles running at SIGTERM`,
    );
    assert.deepEqual(counts, { matches: BATTLES, participants: 2 * BATTLES, distinctMatches: BATTLES });
    const recordedIds = new Set((await knex("match_history").select("id")).map((r: { id: string }) => r.id));
    assert.deepEqual(recordedIds, new Set(finished.map((pair) => pair[0].matchId)));

    const lines = logLines(draining);
    const started = lines.find((l) => l.msg.startsWith("drain started"));
    assert.equal(started?.battlesLeft, onDraining.length, "drain started names the battles left");
    const progress = lines.filter((l) => l.msg === "draining");
    assert.ok(progress.length >= 1, `a drain of ${drainSeconds} s logs progress every 10 s`);
    assert.ok(progress.every((l) => typeof l.battlesLeft === "number" && l.battlesLeft <= onDraining.length));
    assert.ok(
      lines.some((l) => l.msg === "drain done"),
      "drain done is logged",
    );
    console.log(
      `      drain log: ${[started, ...progress, lines.find((l) => l.msg === "drain done")].map((l) => `${l!.msg} ${JSON.stringify({ battlesLeft: l!.battlesLeft, seconds: l!.seconds })}`).join(" | ")}`,
    );
  });
});
