import assert from "node:assert/strict";
import { QueueInbox } from "../helpers/queue-inbox";
import { waitFor } from "../helpers/wait";
import { testBackends } from "../helpers/backends";
import { Inbox, playWithBot, type ResultMessage } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";

/**
 * The whole player journey, as a game client sees it: HTTP login → queue → `matched` → seat
 * reservation → battle played to the end by bots → `result` → database rows, API and matchmaker cache.
 */

let counter = 0;
const nextSteamId = () => String(76561198200000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

for (const backend of testBackends()) {
  describe(`full flow: login → queue → battle → result [${backend.name}]`, function () {
    this.timeout(120_000);
    let server: TestGameServer;

    before(async () => {
      server = await startTestGameServer(backend, { BATTLE_MAX_MESSAGES_PER_SECOND: "500", MM_TICK_MS: "100" });
    });
    after(async () => {
      if (!server) return;
      await server.close();
    });

    it("two players log in, queue with their starter decks, are matched, play to the end, and the result is everywhere", async () => {
      const steamIds = [nextSteamId(), nextSteamId()];

      // 1. HTTP login in dev mode (the real route, registration included).
      const logins = await Promise.all(
        steamIds.map(async (id) => {
          const res = await request(server.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${id}` } });
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.equal(res.body.player.steamId, id);
          assert.equal(res.body.player.isNew, true);
          return res.body as { accessToken: string; refreshToken: string };
        }),
      );

      // 2. The queue, with the default starter deck.
      const sdks = steamIds.map(() => server.sdk());
      for (const [i, sdk] of sdks.entries()) sdk.auth.token = logins[i].accessToken;
      const queueRooms = await Promise.all(sdks.map((sdk) => sdk.joinOrCreate("queue", {})));
      const queues = queueRooms.map((r) => new QueueInbox(r));
      const queued = await Promise.all(queues.map((q) => q.next("queued")));
      for (const q of queued) {
        assert.equal(q.rating, 1500);
        assert.equal(typeof q.enqueuedAt, "number");
        assert.ok(q.queueSize >= 1);
      }

      // 3. `matched` carries a seat reservation in one battle room.
      const matched = await Promise.all(queues.map((q) => q.next("matched")));
      assert.equal(matched[0].reservation.roomId, matched[1].reservation.roomId);
      assert.notEqual(matched[0].reservation.sessionId, matched[1].reservation.sessionId);
      assert.equal(matched[0].reservation.name, "battle");
      for (const q of queues)
        assert.equal(
          q.messages.some((m) => m.type === "error"),
          false,
          JSON.stringify(q.messages),
        );

      // 4. Each client consumes its reservation, then leaves the queue room; bots play to the end.
      const battleRooms = await Promise.all(sdks.map((sdk, i) => sdk.consumeSeatReservation(matched[i].reservation)));
      const inboxes = battleRooms.map((r) => new Inbox(r));
      await Promise.all(queueRooms.map((r) => r.leave(true).catch(() => undefined)));
      const results: ResultMessage[] = await Promise.all(inboxes.map((inbox, i) => playWithBot(inbox, 4242 + i)));

      const [r0, r1] = results;
      assert.equal(r0.matchId, r1.matchId);
      assert.equal(r0.pending, false);
      assert.equal(r1.pending, false);
      assert.equal(r0.winner, r1.winner);
      assert.equal(r0.reason, r1.reason);
      assert.ok(["hero_destroyed", "draw", "turn_limit"].includes(r0.reason), `unexpected end reason ${r0.reason}`);
      const matchId = r0.matchId;

      // Which seat was whose: the battle state names the SteamID per seat.
      const seatOf = (steamId: string) =>
        (battleRooms[0].state as any).players.findIndex((p: any) => p.steamId === steamId);
      const resultFor = new Map(steamIds.map((id, i) => [id, results[i]]));

      // 5. Database: one match_history row, two participants, both profiles updated with the sent numbers.
      const knex = server.app.services.db.knex;
      const history = await knex("match_history").where({ id: matchId }).first();
      assert.ok(history, "match_history row");
      assert.equal(history.end_reason, r0.reason);
      assert.ok(history.seed, "seed stored");
      const log = typeof history.intent_log === "string" ? JSON.parse(history.intent_log) : history.intent_log;
      assert.ok(Array.isArray(log.log) && log.log.length > 2, "intent log stored");

      const participants = await knex("match_participants")
        .select("*", knex.raw("player_id::text as player_id"))
        .where({ match_id: matchId })
        .orderBy("seat");
      assert.equal(participants.length, 2);
      assert.deepEqual(participants.map((p: any) => p.player_id).sort(), [...steamIds].sort());

      for (const steamId of steamIds) {
        const result = resultFor.get(steamId)!;
        const seat = seatOf(steamId);
        assert.ok(seat === 0 || seat === 1);
        const outcome = result.winnerSeat === null ? "draw" : result.winnerSeat === seat ? "win" : "loss";
        const participant = participants.find((p: any) => p.player_id === steamId);
        assert.equal(participant.result, outcome);
        assert.equal(Number(participant.rating_before), result.you.before.rating);
        assert.equal(Number(participant.rating_after), result.you.after.rating);

        const profile = await knex("player_profiles").where({ player_id: steamId }).first();
        assert.equal(profile.games, 1);
        assert.equal(profile.wins + profile.losses + profile.draws, 1);
        assert.equal(profile[`${outcome === "win" ? "wins" : outcome === "loss" ? "losses" : "draws"}`], 1);
        assert.equal(result.you.before.rating, 1500);
        assert.equal(Number(profile.rating), result.you.after.rating);
        assert.equal(Number(profile.rating_deviation), result.you.after.deviation);
        assert.equal(Number(profile.volatility), result.you.after.volatility);
        assert.ok(result.you.after.deviation < 350, "deviation shrinks after a game");
        assert.equal(result.you.ratingChange, result.you.after.rating - result.you.before.rating);
        if (outcome === "win") assert.ok(result.you.ratingChange! > 0);
        if (outcome === "loss") assert.ok(result.you.ratingChange! < 0);

        // 6. The HTTP API shows the new rating and lists the match.
        const token = logins[steamIds.indexOf(steamId)].accessToken;
        const me = await request(server.baseUrl, "GET", "/api/me", { token });
        assert.equal(me.status, 200);
        assert.equal(me.body.games, 1);
        assert.equal(me.body.rating, result.you.after.rating);
        assert.equal(me.body.ratingDeviation, result.you.after.deviation);
        const history = await request(server.baseUrl, "GET", "/api/me/matches", { token });
        assert.equal(history.status, 200);
        assert.equal(history.body.matches.length, 1);
        const listed = history.body.matches[0];
        assert.equal(listed.matchId, matchId);
        assert.equal(listed.result, outcome);
        assert.equal(listed.ratingBefore, result.you.before.rating);
        assert.equal(listed.ratingAfter, result.you.after.rating);
        assert.equal(
          listed.opponent.steamId,
          steamIds.find((s) => s !== steamId),
        );

        // 7. The matchmaker's rating cache returns the new rating (it is what the next ticket uses).
        const cached = await server.app.services.matchmaking.ratings.get(steamId);
        assert.deepEqual(cached, { rating: result.you.after.rating, deviation: result.you.after.deviation });
      }

      // 8. The battle room closes on its own; re-joining the queue works and uses the new rating.
      await waitFor(() => battleRooms.every((r) => !r.connection.isOpen), "battle connections closed");
      const again = server.sdk();
      again.auth.token = logins[0].accessToken;
      const requeue = new QueueInbox(await again.joinOrCreate("queue", {}));
      const q2 = await requeue.next("queued");
      assert.equal(q2.rating, resultFor.get(steamIds[0])!.you.after.rating);
      await requeue.room.leave(true);
    });
  });
}
