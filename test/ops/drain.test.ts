import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { MatchMakeError } from "@colyseus/sdk";
import { battleMetrics } from "../../src/battle/battle-metrics";
import { resultsRecordedTotal } from "../../src/metrics/registry";
import { testBackends } from "../helpers/backends";
import { CapturedOutput } from "../helpers/captured-output";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { nextSteamId, seedPlayer, waitFor } from "../matchmaker/helpers";

/** A battle of two new players, both joined through their reservations, once it has started (mulligan timer runs). */
async function startedBattle(server: TestGameServer, seed: string) {
  const fighters = [nextSteamId(), nextSteamId()];
  const decks = await Promise.all(fighters.map((id) => seedPlayer(server.app.services.db.knex, id)));
  const battle = await matchMaker.createRoom("battle", {
    players: fighters.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
    seed,
  });
  const rooms = await Promise.all(
    fighters.map(async (steamId) =>
      server.sdkAs(steamId).consumeSeatReservation(await matchMaker.reserveSeatFor(battle, {}, { steamId })),
    ),
  );
  for (const room of rooms) room.onMessage("*", () => undefined);
  // Started = both players in (a battle that admits spectators stays unlocked, so the lock says nothing).
  await waitFor(
    () =>
      Number(
        (matchMaker.getLocalRoomById(battle.roomId)?.state as { turnDeadline?: number } | undefined)?.turnDeadline,
      ) > 0,
    `battle ${seed} to start`,
  );
  return rooms;
}

for (const backend of testBackends()) {
  describe(`drain [${backend.name}]`, function () {
    this.timeout(60_000);
    let server: TestGameServer | null = null;
    const output = new CapturedOutput();

    afterEach(async () => {
      output.stop();
      await server?.close();
      server = null;
    });

    it("answers /ready 503 and refuses /matchmake with a JSON body the SDK reads; an unstarted battle gives both players queue priority; start and end are logged", async () => {
      server = await startTestGameServer(backend, { LOG_LEVEL: "info" });
      const { services } = server.app;
      const players = [nextSteamId(), nextSteamId()];
      const deckIds = await Promise.all(players.map((id) => seedPlayer(services.db.knex, id)));
      const battlesBefore = battleMetrics.battlesActive;
      // A running battle keeps the process draining (and serving HTTP) until it ends.
      const fighterRooms = await startedBattle(server, "drain-test-running");
      const enqueuedAt = [Date.now() - 7000, Date.now() - 3000];
      const granted = new Map<string, string>();
      const set = services.store.set.bind(services.store);
      services.store.set = async (key, value, ttlMs) => {
        if (key.startsWith("mm:priority:")) granted.set(key.slice("mm:priority:".length), value);
        return set(key, value, ttlMs);
      };
      await matchMaker.createRoom("battle", {
        players: players.map((steamId, i) => ({
          steamId,
          deckId: deckIds[i],
          rating: 1500,
          enqueuedAt: enqueuedAt[i],
        })),
        seed: "drain-test",
      });
      assert.equal(battleMetrics.battlesActive, battlesBefore + 2);

      const ready = await request(server.baseUrl, "GET", "/ready");
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.equal(
        (await request(server.baseUrl, "GET", "/metrics")).status,
        404,
        "no METRICS_TOKEN: no metrics route",
      );

      output.start();
      const shutdown = server.app.server.gracefullyShutdown(false);
      const draining = await request(server.baseUrl, "GET", "/ready");
      assert.equal(draining.status, 503);
      assert.equal(draining.body.error.code, "draining");
      assert.equal(draining.headers.get("retry-after"), "1");
      assert.equal((await request(server.baseUrl, "GET", "/health")).status, 200, "/health stays a liveness check");

      const raw = await request(server.baseUrl, "POST", "/matchmake/joinOrCreate/queue", { body: {} });
      assert.equal(raw.status, 503);
      assert.equal(raw.body.error.code, "draining");
      assert.match(raw.body.error.message, /shutting down/);

      const sdk = server.sdk();
      sdk.auth.token = services.accessTokens.sign(players[0]).token;
      await assert.rejects(sdk.joinOrCreate("queue", {}), (err: unknown) => {
        assert.ok(err instanceof MatchMakeError, String(err));
        assert.equal(err.code, 503);
        assert.match(err.message, /shutting down/);
        return true;
      });

      await waitFor(() => granted.size === 2, "queue priority for both players of the unstarted battle");
      const results = fighterRooms.map((room) => new Promise((resolve) => room.onMessage("result", resolve)));
      fighterRooms[0].send("concede", {});
      await Promise.all(results);
      await shutdown;
      assert.equal(battleMetrics.battlesActive, battlesBefore, "both battles are gone");
      assert.deepEqual(Object.fromEntries(granted), {
        [players[0]]: String(enqueuedAt[0]),
        [players[1]]: String(enqueuedAt[1]),
      });
      const messages = output.entries().map((e) => e.msg);
      await waitFor(
        () => messages.includes("drain started: refusing matchmaking, waiting for running battles"),
        "drain start log",
      );
      assert.ok(messages.includes("drain done"), messages.join(" | "));
    });

    it("writes the result of a battle that ends as its last player leaves before the process closes PostgreSQL and Redis", async () => {
      server = await startTestGameServer(backend, { LOG_LEVEL: "info" });
      const rooms = await startedBattle(server, "drain-test-last-leave");
      const recordedBefore = (await resultsRecordedTotal.get()).values[0]?.value ?? 0;
      output.start();
      const shutdown = server.app.server.gracefullyShutdown(false);
      // Both leave at once: the first leave forfeits the game (its result is written from then on) and the
      // second empties the room, which lets the shutdown go on to close the stores.
      await Promise.all(rooms.map((room) => room.leave(true)));
      await shutdown;
      const recordedAfter = (await resultsRecordedTotal.get()).values[0]?.value ?? 0;
      const failures = output
        .entries()
        .filter((e) => e.level === "error" || e.level === "warn")
        .map((e) => `${e.msg}: ${e.error}`);
      assert.deepEqual(failures, [], "no result write failed or was parked at shutdown");
      assert.equal(recordedAfter - recordedBefore, 1, "the forfeited battle's result was written");
    });
  });
}
