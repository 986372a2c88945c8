import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { matchMaker } from "@colyseus/core";
import Redis from "ioredis";
import { FileResultOutbox, RedisResultOutbox, type ResultOutbox } from "../../src/battle/result-outbox";
import { postgresBackend, REAL_DATABASE_URL, REAL_REDIS_URL, uniqueName } from "../helpers/backends";
import { Inbox, type ResultMessage } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { finishedMatch } from "../helpers/finished-match";
import { request } from "../helpers/http";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";

let counter = 0;
const nextSteamId = () => String(76561198200000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const outboxKinds: Array<"redis" | "file"> = REAL_REDIS_URL ? ["redis", "file"] : ["file"];

for (const kind of outboxKinds) {
  (REAL_DATABASE_URL ? describe : describe.skip)(`results across a PostgreSQL outage [${kind} outbox]`, function () {
    this.timeout(90_000);
    let proxy: TcpProxy;
    let server: TestGameServer;

    before(async () => {
      const target = new URL(REAL_DATABASE_URL!);
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      // The database the server talks to goes through the proxy, so cutting it is a real outage.
      const viaProxy: typeof postgresBackend = {
        name: "postgres",
        async provision() {
          const real = await postgresBackend.provision();
          const url = new URL(real.env.DATABASE_URL);
          url.host = `127.0.0.1:${proxy.port}`;
          const env: Record<string, string> = { ...real.env, DATABASE_URL: url.toString() };
          if (kind === "file") {
            delete env.REDIS_URL;
            env.OUTBOX_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cg-outbox-")), "outbox.jsonl");
          }
          return { env, dispose: real.dispose };
        },
      };
      server = await startTestGameServer(viaProxy, { BATTLE_MAX_MESSAGES_PER_SECOND: "500" });
    });
    after(async () => {
      proxy?.restore();
      await server?.close();
      await proxy?.close();
    });

    it("parks the result, still tells both clients (pending), and records it exactly once when PostgreSQL returns", async () => {
      const steamIds = [nextSteamId(), nextSteamId()];
      for (const id of steamIds) await server.login(id);
      const knex = server.app.services.db.knex;
      const decks = await Promise.all(
        steamIds.map(
          async (id) =>
            (await knex("player_decks").where({ player_id: id, is_default: true }).first("id")).id as string,
        ),
      );
      const room = await matchMaker.createRoom("battle", {
        players: steamIds.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
        seed: uniqueName("outage"),
      });
      const inboxes = await Promise.all(
        steamIds.map(
          async (steamId) =>
            new Inbox(
              await server
                .sdkAs(steamId)
                .consumeSeatReservation(await matchMaker.reserveSeatFor(room, {}, { steamId })),
            ),
        ),
      );
      await inboxes[0].next("legal");

      proxy.cut();
      const notReady = await request(server.baseUrl, "GET", "/ready");
      assert.equal(notReady.status, 503);
      assert.equal(notReady.body.error.code, "not_ready");
      inboxes[1].room.send("concede", {});
      const results = await Promise.all(inboxes.map((i) => i.next<ResultMessage>("result", 30_000)));
      for (const r of results) {
        assert.equal(r.pending, true);
        assert.equal(r.reason, "concede");
        assert.equal(r.winner, steamIds[0]);
        assert.equal(r.you.after, null);
      }
      const outbox = server.app.services.resultOutbox;
      assert.equal(await outbox.size(), 1, "the result waits in the durable outbox");

      proxy.restore();
      await waitFor(async () => (await outbox.size()) === 0);
      assert.equal((await request(server.baseUrl, "GET", "/ready")).status, 200);
      const history = await knex("match_history").where({ id: results[0].matchId });
      assert.equal(history.length, 1);
      const participants = await knex("match_participants").where({ match_id: results[0].matchId });
      assert.equal(participants.length, 2);
      for (const id of steamIds) {
        const profile = await knex("player_profiles").where({ player_id: id }).first();
        assert.equal(profile.games, 1, "applied exactly once");
        // The parked result's rank and levels were computed when it was written, once.
        const ladder = await knex("season_ranks").where({ player_id: id });
        assert.deepEqual(
          ladder.map((l: { games: number }) => l.games),
          [1],
        );
      }
      for (const p of participants) {
        const rank = typeof p.rank === "string" ? JSON.parse(p.rank) : p.rank;
        assert.equal(rank.before.tier, "bronze");
        assert.deepEqual([p.level_before, p.level_after], [1, 1]);
      }

      // Re-delivering the same result (a second process, a crash before removal) changes nothing.
      const again = await server.app.services.resultRecorder.drain();
      assert.equal(again, 0);
    });
  });
}

describe("result outbox implementations", () => {
  const sample = (matchId: string) => finishedMatch("76561198000000001", "76561198000000002", 0, matchId);

  async function contract(outbox: ResultOutbox): Promise<void> {
    assert.equal(await outbox.size(), 0);
    await outbox.push(sample("a") as any);
    await outbox.push(sample("b") as any);
    assert.deepEqual(
      (await outbox.list(10)).map((m) => m.matchId),
      ["a", "b"],
    );
    await outbox.remove("a");
    assert.deepEqual(
      (await outbox.list(10)).map((m) => m.matchId),
      ["b"],
    );
    assert.equal(await outbox.size(), 1);
  }

  it("file outbox keeps order, survives reopening, and ignores a torn last line", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cg-outbox-")), "o.jsonl");
    await contract(new FileResultOutbox(file));
    fs.appendFileSync(file, '{"matchId":"torn');
    const reopened = new FileResultOutbox(file);
    assert.deepEqual(
      (await reopened.list(10)).map((m) => m.matchId),
      ["b"],
    );
  });

  (REAL_REDIS_URL ? it : it.skip)("redis outbox keeps order", async () => {
    const redis = new Redis(REAL_REDIS_URL!);
    try {
      await contract(new RedisResultOutbox(redis, uniqueName("t") + ":"));
    } finally {
      redis.disconnect();
    }
  });
});
