import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import jwt from "jsonwebtoken";
import { matchmakingMetrics } from "../../src/matchmaker/metrics";
import { grantQueuePriority } from "../../src/matchmaker/queue-priority";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { createdBattles } from "./fixtures/placeholder-battle-room";
import { nextSteamId, seedPlayer, sleep, waitFor } from "./helpers";
import { QueuePlayer } from "./queue-client";
import { startQueueServer, type QueueServer } from "./queue-server";

for (const backend of testBackends()) {
  describe(`queue room [${backend.name}]`, function () {
    this.timeout(30_000);
    let srv: QueueServer;
    const players: QueuePlayer[] = [];

    before(async () => {
      srv = await startQueueServer(backend);
    });
    after(async () => {
      await srv?.close();
    });
    afterEach(async () => {
      await Promise.all(players.splice(0).map((p) => p.leave()));
      await sleep(50);
      await srv.services.matchmaking.queue.clear();
    });

    const knex = () => srv.services.db.knex;
    const token = (steamId: string) => srv.services.accessTokens.sign(steamId).token;
    async function join(steamId: string, options: Record<string, unknown> = {}): Promise<QueuePlayer> {
      const p = await QueuePlayer.join(srv.endpoint, token(steamId), options);
      players.push(p);
      return p;
    }

    it("refuses a join without a token or with a forged one", async () => {
      const steamId = nextSteamId();
      await seedPlayer(knex(), steamId);
      await assert.rejects(new Client(srv.endpoint).joinOrCreate("queue", {}), /token/);
      const forged = jwt.sign({ typ: "access" }, "not-the-server-secret-0123456789abcdef", {
        subject: steamId,
        issuer: "steam-card-backend",
        expiresIn: 60,
      });
      const c = new Client(srv.endpoint);
      c.auth.token = forged;
      await assert.rejects(c.joinOrCreate("queue", {}), /token/);
      assert.equal(await srv.services.matchmaking.queue.size(), 0);
    });

    it("queues two logged-in players, matches them and both reach the battle through their reservations", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      const deckA = await seedPlayer(knex(), a, { rating: 1500 });
      const deckB = await seedPlayer(knex(), b, { rating: 1530 });
      // Player A logs in through the real route (dev Steam mode).
      const login = await request(srv.httpUrl, "POST", "/auth/steam", { body: { ticket: `dev:${a}` } });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const before = matchmakingMetrics.counters.matches;

      const pa = await QueuePlayer.join(srv.endpoint, login.body.accessToken, { deckId: deckA });
      players.push(pa);
      const qa = await pa.next("queued");
      assert.deepEqual(Object.keys(qa).sort(), ["enqueuedAt", "queueSize", "rating"]);
      assert.equal(qa.rating, 1500);
      assert.ok(Math.abs(qa.enqueuedAt - Date.now()) < 5000);
      assert.ok(qa.queueSize >= 1);

      const pb = await join(b);
      const [ma, mb] = [await pa.next("matched"), await pb.next("matched")];
      for (const m of [ma, mb]) {
        assert.ok(m.reservation.sessionId && m.reservation.roomId && m.reservation.processId);
        assert.equal(m.reservation.name, "battle");
      }
      assert.equal(ma.reservation.roomId, mb.reservation.roomId);
      const battle = createdBattles.find((x) => x.roomId === ma.reservation.roomId)!;
      assert.deepEqual(
        battle.players.map((p) => [p.steamId, p.deckId, p.rating]).sort(),
        [
          [a, deckA, 1500],
          [b, deckB, 1530],
        ].sort(),
      );
      assert.match(battle.seed, /^[0-9a-f]{32}$/);

      const roomA = await pa.client.consumeSeatReservation(ma.reservation);
      const roomB = await pb.client.consumeSeatReservation(mb.reservation);
      await waitFor(() => battle.joined.length === 2, "both players in the battle");
      assert.deepEqual([...battle.joined].sort(), [a, b].sort());
      await roomA.leave();
      await roomB.leave();
      assert.equal(await srv.services.matchmaking.queue.size(), 0);
      assert.ok(matchmakingMetrics.counters.matches > before);
      const snap = await matchmakingMetrics.snapshot();
      assert.ok(snap.ratingGap.count >= 1 && snap.waitMs.count >= 2);
      // The queue connection is closed by the server a little later.
    });

    it("rejects bad decks with an error and leaves the client; never a server error", async () => {
      const noDeck = nextSteamId();
      await seedPlayer(knex(), noDeck, { cards: 0 });
      const short = nextSteamId();
      const shortDeck = await seedPlayer(knex(), short, { cards: 29 });
      const other = nextSteamId();
      const othersDeck = await seedPlayer(knex(), other);

      const cases: Array<[string, Record<string, unknown>, string]> = [
        [noDeck, {}, "no_deck"],
        [noDeck, { deckId: "not-a-uuid" }, "invalid_deck"],
        [noDeck, { deckId: "'; drop table players; --" }, "invalid_deck"],
        [noDeck, { deckId: othersDeck! }, "invalid_deck"],
        [short, {}, "invalid_deck"],
        [short, { deckId: shortDeck! }, "invalid_deck"],
        [other, { deckId: 42 }, "bad_request"],
        [other, { deckId: { $ne: null } }, "bad_request"],
      ];
      for (const [steamId, options, code] of cases) {
        const p = await join(steamId, options);
        const err = await p.next("error");
        assert.equal(err.code, code, JSON.stringify(options));
        assert.equal(typeof err.message, "string");
        assert.equal(await p.left(), 4400);
      }
      assert.equal(await srv.services.matchmaking.queue.size(), 0);
    });

    it("cancel removes the ticket; malformed and unknown messages get an error and change nothing", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 2900 });
      const p = await join(a);
      await p.next("queued");
      const queue = srv.services.matchmaking.queue;
      assert.ok(await queue.get(a));

      p.room.send("cancel", { please: true });
      assert.equal((await p.next("error")).code, "bad_request");
      p.room.send("dance", [1, 2, 3]);
      p.room.send(7 as never, "x");
      await waitFor(() => p.messages.filter((m) => m.type === "error").length >= 3, "three errors");
      assert.equal(p.messages.filter((m) => m.type === "error")[1].payload.code, "unknown_message");
      assert.ok(await queue.get(a), "still queued");
      assert.equal(p.leftCode, null);

      p.room.send("cancel");
      assert.equal(await p.left(), 1000);
      await waitFor(async () => (await queue.get(a)) === null, "ticket removed");

      // The room still serves others.
      const [b, c] = [nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), b, { rating: 1100 });
      await seedPlayer(knex(), c, { rating: 1100 });
      const pb = await join(b);
      const pc = await join(c);
      await pb.next("matched");
      await pc.next("matched");
    });

    it("leaving the room removes the ticket", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 3000 });
      const p = await join(a);
      await p.next("queued");
      await p.leave();
      await waitFor(async () => (await srv.services.matchmaking.queue.get(a)) === null, "ticket removed");
    });

    it("a second join replaces the first connection, which gets `replaced` and is left", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 3100 });
      const first = await join(a);
      await first.next("queued");
      const second = await join(a);
      const q2 = await second.next("queued");
      await first.next("replaced");
      assert.equal(await first.left(), 4409);
      const t = await srv.services.matchmaking.queue.get(a);
      assert.equal(t?.location.sessionId, second.room.sessionId);
      assert.equal(t?.enqueuedAt, q2.enqueuedAt);
      await sleep(300);
      assert.ok(await srv.services.matchmaking.queue.get(a), "the first connection's leave kept the new ticket");
      assert.equal(second.leftCode, null);
    });

    it("a player whose opponent is gone is requeued with the original enqueuedAt and told `requeued`", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 3500 });
      const p = await join(a);
      const queued = await p.next("queued");
      const mm = srv.services.matchmaking;
      const ghost = nextSteamId();
      const now = Date.now();
      // A ticket whose queue room no longer exists (its process died before the lease ran out).
      await mm.queue.enqueue(
        {
          ticketId: "ghost-ticket",
          steamId: ghost,
          deckId: "00000000-0000-4000-8000-000000000000",
          rating: 3510,
          deviation: 50,
          enqueuedAt: now - 1000,
          leaseUntil: now + 60_000,
          lastOpponent: "",
          location: { processId: "gone", roomId: "no-such-room", sessionId: "x" },
        },
        60_000,
      );
      const requeues = matchmakingMetrics.counters.requeues;
      await p.next("requeued");
      assert.equal(p.has("matched"), false);
      const t = await mm.queue.get(a);
      assert.equal(t?.enqueuedAt, queued.enqueuedAt);
      assert.equal(await mm.queue.get(ghost), null);
      assert.equal(matchmakingMetrics.counters.requeues, requeues + 1);
    });

    it("queue priority granted by the battle room is used (once) by the next join", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 3700 });
      const granted = Date.now() - 45_000;
      await grantQueuePriority(srv.services.store, a, granted);
      const p = await join(a);
      assert.equal((await p.next("queued")).enqueuedAt, granted);
      await p.leave();
      const again = await join(a);
      assert.ok((await again.next("queued")).enqueuedAt > granted + 40_000, "priority is consumed");
    });

    it("a waiting client whose ticket vanished (matcher died mid-claim) is put back with its enqueuedAt", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 3900 });
      const p = await join(a);
      const queued = await p.next("queued");
      const mm = srv.services.matchmaking;
      const t = (await mm.queue.get(a))!;
      // Claimed by a matcher that then crashed: the ticket is gone, no `matched` ever comes.
      await mm.queue.remove(a, t.ticketId, false);
      await p.next("requeued", 15_000);
      assert.equal((await mm.queue.get(a))?.enqueuedAt, queued.enqueuedAt);
    });

    it("a waiting client whose ticket and slot were both lost (Redis restarted empty) is put back; one whose slot is taken gets `queue_lost`", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      await seedPlayer(knex(), a, { rating: 3500 });
      await seedPlayer(knex(), b, { rating: 200 });
      const [pa, pb] = [await join(a), await join(b)];
      const queued = await pa.next("queued");
      await pb.next("queued");
      const mm = srv.services.matchmaking;
      const [ta, tb] = [(await mm.queue.get(a))!, (await mm.queue.get(b))!];
      // Everything gone, owners included (what a restart of a Redis without persistence leaves).
      await mm.queue.remove(a, ta.ticketId, true);
      await mm.queue.remove(b, tb.ticketId, true);
      // b's slot now belongs to someone else (a connection whose `replaced` never arrived).
      await mm.queue.enqueue({ ...tb, ticketId: "elsewhere" }, mm.ownerTtlMs);
      await mm.queue.remove(b, "elsewhere", false);
      await pa.next("requeued", 15_000);
      assert.equal((await mm.queue.get(a))?.enqueuedAt, queued.enqueuedAt);
      assert.equal((await pb.next("error", 15_000)).code, "queue_lost");
      assert.equal(await pb.left(), 4503);
    });

    it("sends queue size updates at most once a second", async () => {
      const a = nextSteamId();
      await seedPlayer(knex(), a, { rating: 4100 });
      const p = await join(a);
      await p.next("queued");
      const others = [nextSteamId(), nextSteamId(), nextSteamId()];
      for (const [i, id] of others.entries()) {
        await seedPlayer(knex(), id, { rating: 4500 + i * 300 });
        await join(id);
      }
      await sleep(2600);
      const updates = p.messages.filter((m) => m.type === "queued");
      assert.ok(updates.length >= 2, "got an update");
      assert.ok(updates.length <= 4, `too many updates: ${updates.length}`);
      assert.equal(updates.at(-1)!.payload.queueSize, 4);
    });
  });
}
