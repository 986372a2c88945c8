import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { banPlayer } from "../../src/auth/ban-admin";
import type { BanEvent } from "../../src/auth/ban-events";
import { testBackends } from "../helpers/backends";
import { Inbox } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { QueueInbox } from "../helpers/queue-inbox";
import { waitFor } from "../helpers/wait";

let counter = 0;
const nextSteamId = () => String(76561198720000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

for (const backend of testBackends()) {
  describe(`bans and bound seats in the rooms [${backend.name}]`, function () {
    this.timeout(60_000);
    let server: TestGameServer;
    before(async () => {
      server = await startTestGameServer(backend);
    });
    after(async () => server?.close());

    const publish = (event: BanEvent) => server.app.services.banList.publish(event);
    const ban = (steamId: string) =>
      banPlayer(server.app.services.db.knex, publish, {
        steamId,
        until: new Date(Date.now() + 3_600_000),
        reason: "test ban",
        by: "test",
      });

    async function queueAs(accessToken: string): Promise<QueueInbox> {
      const sdk = server.sdk();
      sdk.auth.token = accessToken;
      const inbox = new QueueInbox(await sdk.joinOrCreate("queue", {}));
      await inbox.next("queued");
      return inbox;
    }

    /** Two logged-in players and a battle created as the matchmaker does, with one reservation each. */
    async function createBattle(timers?: { join: number }) {
      const ids = [nextSteamId(), nextSteamId()];
      const sessions = await Promise.all(ids.map((id) => server.login(id)));
      const knex = server.app.services.db.knex;
      const decks = await Promise.all(
        ids.map(async (id) => (await knex("player_decks").where({ player_id: id, is_default: true }).first("id")).id),
      );
      const room = await matchMaker.createRoom("battle", {
        players: ids.map((steamId, i) => ({ steamId, deckId: decks[i], rating: 1500 })),
        seed: `room-bans-${ids[0]}`,
        timers,
      });
      const reservations = await Promise.all(ids.map((steamId) => matchMaker.reserveSeatFor(room, {}, { steamId })));
      return { ids, sessions, room, reservations };
    }

    it("a player banned while queued loses the ticket, gets error banned and a close within 5 s; the other waits on", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      const [sa, sb] = await Promise.all([server.login(a), server.login(b)]);
      // Matching is stopped so both stay queued (a single player would not be matched anyway).
      await server.app.services.matchmaking.stop();
      try {
        const qa = await queueAs(sa.accessToken);
        const qb = await queueAs(sb.accessToken);
        const bannedAt = Date.now();
        await ban(a);
        const error = await qa.next("error", 5000);
        assert.equal(error.code, "banned");
        await waitFor(() => qa.leftCode, "the banned player's queue connection to close", 5000);
        assert.ok(Date.now() - bannedAt <= 5000);
        assert.equal(qa.leftCode, 4003);
        await waitFor(
          async () => (await server.app.services.matchmaking.queue.get(a)) === null || null,
          "the ticket removed",
          5000,
        );
        assert.notEqual(await server.app.services.matchmaking.queue.get(b), null, "the other player's ticket stays");
        assert.equal(qb.leftCode, null);
        await qb.leave();
        // The banned player cannot join again (room auth reads the ban list).
        const again = server.sdk();
        again.auth.token = sa.accessToken;
        await assert.rejects(again.joinOrCreate("queue", {}), /banned/);
      } finally {
        server.app.services.matchmaking.start();
      }
    });

    it("a revoked refresh-token family ends its queued session (error session_revoked)", async () => {
      const a = nextSteamId();
      const session = await server.login(a);
      const claims = server.app.services.accessTokens.verify(session.accessToken);
      assert.ok(claims?.familyId, "access tokens carry their family");
      const qa = await queueAs(session.accessToken);
      await publish({ kind: "family_revoked", familyId: claims.familyId, revokedAtMs: Date.now() });
      assert.equal((await qa.next("error", 5000)).code, "session_revoked");
      await waitFor(() => qa.leftCode, "the queue connection to close", 5000);
    });

    it("a player banned mid-battle forfeits with end reason banned; the opponent wins and the result is rated", async () => {
      const { ids, sessions, reservations } = await createBattle();
      const inboxes = await Promise.all(
        ids.map(async (id, i) => {
          const sdk = server.sdk();
          sdk.auth.token = sessions[i].accessToken;
          return new Inbox(await sdk.consumeSeatReservation(reservations[i]));
        }),
      );
      await Promise.race(inboxes.map((i) => i.next("legal")));
      const bannedAt = Date.now();
      await ban(ids[0]);
      const results = await Promise.all(inboxes.map((i) => i.next("result", 5000)));
      assert.ok(Date.now() - bannedAt <= 5000);
      for (const r of results) {
        assert.equal(r.reason, "banned");
        assert.equal(r.winner, ids[1]);
        assert.equal(r.pending, false);
      }
      assert.ok(results[1].you.ratingChange > 0, "the opponent's win is rated");
      assert.ok(results[0].you.ratingChange < 0, "the banned player's loss is rated");
      const row = await server.app.services.db.knex("match_history").where({ end_reason: "banned" }).first();
      assert.ok(row, "the result is recorded with end reason banned");
    });

    it("a seat reservation needs its own player's access token: another player's or none is refused, the seat stays", async () => {
      const { ids, sessions, reservations, room } = await createBattle();
      const thief = nextSteamId();
      const thiefSession = await server.login(thief);
      const asThief = server.sdk();
      asThief.auth.token = thiefSession.accessToken;
      await assert.rejects(asThief.consumeSeatReservation(reservations[0]), /reserved for another player/);
      await assert.rejects(server.sdk().consumeSeatReservation(reservations[0]), /missing access token/);
      const asB = server.sdk();
      asB.auth.token = sessions[1].accessToken;
      await assert.rejects(
        asB.consumeSeatReservation(reservations[0]),
        /reserved for another player/,
        "the opponent cannot take it either",
      );
      // The owner still gets in, and so does the opponent: the game starts.
      const rooms = await Promise.all(
        ids.map(async (_, i) => {
          const sdk = server.sdk();
          sdk.auth.token = sessions[i].accessToken;
          return sdk.consumeSeatReservation(reservations[i]);
        }),
      );
      const inboxes = rooms.map((r) => new Inbox(r));
      await Promise.race(inboxes.map((i) => i.next("legal")));
      assert.equal(matchMaker.getLocalRoomById(room.roomId)?.clients.length, 2);
      await waitFor(
        () => (rooms[1].state as any).players?.[0]?.steamId === ids[0] || null,
        "identities once the game started",
      );

      // Reconnection tokens are bound too: player 0 drops; the thief's token cannot take the seat back, theirs can.
      const token = rooms[0].reconnectionToken;
      rooms[0].reconnection.enabled = false;
      (rooms[0].connection as unknown as { transport: { ws: { close(code: number): void } } }).transport.ws.close(3000); // a drop
      await waitFor(
        () => (rooms[1].state as any).players?.[0]?.connected === false || null,
        "the drop to be seen",
        10_000,
      );
      await assert.rejects(asThief.reconnect(token), /reserved for another player/);
      const owner = server.sdk();
      owner.auth.token = sessions[0].accessToken;
      const back = await owner.reconnect(token);
      assert.equal(back.roomId, room.roomId);
      new Inbox(back).room.send("concede", {});
      await inboxes[1].next("result", 10_000);
    });

    it("dodging: no opponent identity before both joined; a no-show gets a growing queue cooldown, the other keeps priority", async () => {
      const { ids, sessions, reservations } = await createBattle({ join: 1 });
      const sdk = server.sdk();
      sdk.auth.token = sessions[1].accessToken;
      const present = await sdk.consumeSeatReservation(reservations[1]);
      const inbox = new Inbox(present);
      await waitFor(() => (present.state as any).players?.length === 2 || null, "the state");
      for (const p of (present.state as any).players)
        assert.equal(p.steamId, "", "no SteamID before both players joined");
      assert.equal((await inbox.next("cancelled", 10_000)).reason, "opponent_absent");

      const dodger = server.sdk();
      dodger.auth.token = sessions[0].accessToken;
      const q0 = new QueueInbox(await dodger.joinOrCreate("queue", {}));
      const refused = await q0.next("error");
      assert.equal(refused.code, "dodge_cooldown");
      assert.ok(refused.retryAfter > 0 && refused.retryAfter <= 60, `first dodge: 1 minute (${refused.retryAfter})`);
      await waitFor(() => q0.leftCode, "the dodger's queue connection to close");

      // The player who came keeps today's priority: queued again with an earlier enqueuedAt, no cooldown.
      const q1 = await queueAs(sessions[1].accessToken);
      assert.ok((await q1.next("queued")).enqueuedAt < Date.now() - 1000);
      await q1.leave();

      // A second dodge within the window: 5 minutes.
      const { recordDodge, dodgeRetryAfter } = await import("../../src/matchmaker/dodge-cooldown");
      await recordDodge(server.app.services.store, ids[0], { cooldownMinutes: [1, 5, 15], windowHours: 24 });
      const second = await dodgeRetryAfter(server.app.services.store, ids[0]);
      assert.ok(second !== null && second > 60 && second <= 300, `second dodge: 5 minutes (${second})`);
    });
  });
}
