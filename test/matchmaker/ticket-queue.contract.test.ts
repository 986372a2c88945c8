import assert from "node:assert/strict";
import Redis from "ioredis";
import { challengeCodeValue } from "../../src/matchmaker/challenges";
import { Matcher } from "../../src/matchmaker/matcher";
import { casualParams } from "../../src/matchmaker/play-mode-queues";
import { MemoryTicketQueue } from "../../src/matchmaker/memory-ticket-queue";
import { RedisTicketQueue } from "../../src/matchmaker/redis-ticket-queue";
import type { MatchedPair, Ticket } from "../../src/matchmaker/ticket";
import type { TicketQueue } from "../../src/matchmaker/ticket-queue";
import { ratingWindow, type MatchParams } from "../../src/matchmaker/window";
import { REAL_REDIS_URL, uniqueName } from "../helpers/backends";

const PARAMS: MatchParams = {
  baseWindow: 50,
  growthPerSecond: 10,
  maxWindow: 400,
  maxPairs: 500,
  maxAnchors: 2000,
  candidatesPerSide: 16,
};
const T0 = 1_700_000_000_000;
const OWNER_TTL = 60_000;

let n = 0;
function ticket(over: Partial<Ticket> & { rating: number }): Ticket {
  const id = String(76561198100000000n + BigInt(++n));
  return {
    ticketId: `t-${id}`,
    steamId: id,
    deckId: "00000000-0000-4000-8000-000000000000",
    deviation: 60,
    enqueuedAt: T0,
    leaseUntil: T0 + 3_600_000,
    lastOpponent: "",
    location: { processId: "p1", roomId: "r1", sessionId: `s-${id}` },
    ...over,
  };
}

const ids = (pairs: MatchedPair[]) => pairs.map((p) => [p.a.steamId, p.b.steamId].sort().join("+")).sort();

interface Impl {
  name: string;
  /** `other`: another play mode's queue on the same store (its own keys: `<prefix>casual:`). */
  make(): Promise<{
    queue: TicketQueue;
    second: () => TicketQueue;
    other: () => TicketQueue;
    dispose(): Promise<void>;
  }>;
}

const impls: Impl[] = [
  {
    name: "memory",
    async make() {
      const queue = new MemoryTicketQueue();
      const other = new MemoryTicketQueue();
      return { queue, second: () => queue, other: () => other, dispose: async () => undefined };
    },
  },
];
if (REAL_REDIS_URL) {
  impls.push({
    name: "redis",
    async make() {
      const prefix = uniqueName("mmt") + ":";
      const conns: Redis[] = [new Redis(REAL_REDIS_URL!)];
      const queue = new RedisTicketQueue(conns[0], prefix);
      const other = new RedisTicketQueue(conns[0], `${prefix}casual:`);
      return {
        queue,
        other: () => other,
        // A second process: its own connection, same keys.
        second: () => {
          const c = new Redis(REAL_REDIS_URL!);
          conns.push(c);
          return new RedisTicketQueue(c, prefix);
        },
        async dispose() {
          await queue.clear();
          await other.clear();
          for (const c of conns) c.disconnect();
        },
      };
    },
  });
} else {
  console.warn("  (REDIS_URL is not set: the Redis ticket queue is not tested)");
}

for (const impl of impls) {
  describe(`TicketQueue contract [${impl.name}]`, function () {
    this.timeout(60_000);
    let q: TicketQueue;
    let second: () => TicketQueue;
    let other: () => TicketQueue;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ queue: q, second, other, dispose } = await impl.make());
    });
    afterEach(async () => dispose());

    it("enqueues one ticket per player; a second enqueue replaces it and names the previous owner", async () => {
      const t = ticket({ rating: 1500 });
      const r1 = await q.enqueue(t, OWNER_TTL);
      assert.equal(r1.previousOwner, null);
      assert.equal(r1.queueSize, 1);
      const t2 = {
        ...t,
        ticketId: "t-new",
        rating: 1510,
        location: { processId: "p2", roomId: "r2", sessionId: "s2" },
      };
      const r2 = await q.enqueue(t2, OWNER_TTL);
      assert.deepEqual(r2.previousOwner, {
        ticketId: t.ticketId,
        processId: "p1",
        roomId: "r1",
        sessionId: t.location.sessionId,
      });
      assert.equal(r2.queueSize, 1);
      assert.deepEqual(await q.get(t.steamId), t2);
      // The old connection leaving does not remove the new ticket.
      assert.equal(await q.remove(t.steamId, t.ticketId, true), false);
      assert.equal(await q.size(), 1);
      assert.equal(await q.remove(t.steamId, "t-new", true), true);
      assert.equal(await q.size(), 0);
      assert.equal(await q.get(t.steamId), null);
    });

    it("pairs two players within both windows and removes both atomically", async () => {
      const a = ticket({ rating: 1500 });
      const b = ticket({ rating: 1540 });
      await q.enqueue(a, OWNER_TTL);
      await q.enqueue(b, OWNER_TTL);
      const pairs = await q.matchBatch(T0, PARAMS);
      assert.equal(pairs.length, 1);
      assert.deepEqual(pairs[0].a, a);
      assert.deepEqual(pairs[0].b, b);
      assert.equal(pairs[0].gap, 40);
      assert.equal(await q.size(), 0);
      assert.deepEqual(await q.matchBatch(T0, PARAMS), []);
    });

    it("play modes: another mode's queue is independent (own tickets, own owner slot, own pairs)", async () => {
      const casual = other();
      const a = ticket({ rating: 1500 });
      const b = ticket({ rating: 1500 });
      await q.enqueue(a, OWNER_TTL);
      const inCasual = {
        ...a,
        ticketId: "t-casual",
        location: { processId: "p2", roomId: "r2", sessionId: "s-casual" },
      };
      const r = await casual.enqueue(inCasual, OWNER_TTL);
      assert.equal(r.previousOwner, null, "a ticket in another mode's queue does not replace the ranked one");
      assert.equal(r.queueSize, 1);
      await casual.enqueue(b, OWNER_TTL);
      const pairs = await casual.matchBatch(T0, PARAMS);
      assert.deepEqual(ids(pairs), [[a.steamId, b.steamId].sort().join("+")]);
      assert.equal(pairs[0].a.ticketId === "t-casual" || pairs[0].b.ticketId === "t-casual", true);
      assert.equal(await casual.size(), 0);
      assert.deepEqual(await q.get(a.steamId), a, "the ranked ticket is untouched");
      assert.equal(await q.size(), 1);
    });

    it("casual windows (2× ranked) pair what the ranked windows refuse", async () => {
      const a = ticket({ rating: 1500 });
      const b = ticket({ rating: 1580 });
      await q.enqueue(a, OWNER_TTL);
      await q.enqueue(b, OWNER_TTL);
      assert.deepEqual(await q.matchBatch(T0, PARAMS), []);
      const casual = casualParams({
        MM_BASE_WINDOW: PARAMS.baseWindow,
        MM_WINDOW_GROWTH: PARAMS.growthPerSecond,
        MM_MAX_WINDOW: PARAMS.maxWindow,
        MM_MAX_PAIRS_PER_BATCH: PARAMS.maxPairs,
        MM_CASUAL_WINDOW_FACTOR: 2,
        MM_TICK_MS: 300,
        MM_TICKET_LEASE_SECONDS: 15,
        MM_QUEUE_UNREACHABLE_SECONDS: 30,
      });
      assert.equal(casual.baseWindow, 100);
      assert.equal((await q.matchBatch(T0, casual)).length, 1);
    });

    it("a window of 0 (the challenge queue) pairs only equal pairing values, however long they wait", async () => {
      const params = { ...PARAMS, baseWindow: 0, growthPerSecond: 0, maxWindow: 0 };
      const code = challengeCodeValue("K7PQ2Z");
      const host = ticket({ rating: code, enqueuedAt: T0 });
      const near = ticket({ rating: code + 1, enqueuedAt: T0 });
      const elsewhere = ticket({ rating: challengeCodeValue("AAAAAA"), enqueuedAt: T0 });
      for (const t of [host, near, elsewhere]) await q.enqueue(t, OWNER_TTL);
      assert.deepEqual(await q.matchBatch(T0 + 3_000_000, params), []);
      const friend = ticket({ rating: code, enqueuedAt: T0 + 1000 });
      await q.enqueue(friend, OWNER_TTL);
      const pairs = await q.matchBatch(T0 + 3_000_000, params);
      assert.deepEqual(ids(pairs), [[host.steamId, friend.steamId].sort().join("+")]);
      assert.equal(pairs[0].gap, 0);
      assert.equal(await q.size(), 2);
    });

    it("widening: a lone high-rated player is matched only after both windows have grown", async () => {
      const low = ticket({ rating: 1500, enqueuedAt: T0 });
      const high = ticket({ rating: 1800, enqueuedAt: T0 });
      await q.enqueue(low, OWNER_TTL);
      await q.enqueue(high, OWNER_TTL);
      // gap 300 needs 50 + 10·t ≥ 300 → t ≥ 25 s for both.
      assert.equal(ratingWindow(PARAMS, T0, T0 + 24_000), 290);
      assert.deepEqual(await q.matchBatch(T0, PARAMS), []);
      assert.deepEqual(await q.matchBatch(T0 + 24_000, PARAMS), []);
      const pairs = await q.matchBatch(T0 + 25_000, PARAMS);
      assert.equal(pairs.length, 1);
      assert.equal(pairs[0].gap, 300);
    });

    it("needs BOTH windows: an old ticket's wide window does not pull in a new one", async () => {
      const old = ticket({ rating: 1500, enqueuedAt: T0 - 60_000 }); // window 400 (capped)
      const fresh = ticket({ rating: 1700, enqueuedAt: T0 }); // window 50
      await q.enqueue(old, OWNER_TTL);
      await q.enqueue(fresh, OWNER_TTL);
      assert.deepEqual(await q.matchBatch(T0, PARAMS), []);
      assert.equal((await q.matchBatch(T0 + 15_000, PARAMS)).length, 1); // fresh window 200
    });

    it("fairness: the oldest ticket is served first and gets the oldest of equally good partners", async () => {
      const newest = ticket({ rating: 1500, enqueuedAt: T0 + 3000 });
      const oldest = ticket({ rating: 1500, enqueuedAt: T0 });
      const middle = ticket({ rating: 1500, enqueuedAt: T0 + 1000 });
      for (const t of [newest, oldest, middle]) await q.enqueue(t, OWNER_TTL);
      const pairs = await q.matchBatch(T0 + 3000, PARAMS);
      assert.equal(pairs.length, 1);
      assert.equal(pairs[0].a.steamId, oldest.steamId);
      assert.equal(pairs[0].b.steamId, middle.steamId);
      assert.equal((await q.get(newest.steamId))?.steamId, newest.steamId);
    });

    it("prefers the smallest rating gap among acceptable partners", async () => {
      const anchor = ticket({ rating: 1500, enqueuedAt: T0 });
      const far = ticket({ rating: 1540, enqueuedAt: T0 + 1 });
      const near = ticket({ rating: 1490, enqueuedAt: T0 + 2 });
      for (const t of [anchor, far, near]) await q.enqueue(t, OWNER_TTL);
      const [pair] = await q.matchBatch(T0 + 2, { ...PARAMS, maxPairs: 1 });
      assert.equal(pair.b.steamId, near.steamId);
    });

    it("avoids an immediate rematch while someone else is in range, not otherwise", async () => {
      const a = ticket({ rating: 1500, enqueuedAt: T0 });
      const lastOpp = ticket({ rating: 1500, enqueuedAt: T0 + 1, lastOpponent: a.steamId });
      const other = ticket({ rating: 1530, enqueuedAt: T0 + 2 });
      a.lastOpponent = lastOpp.steamId;
      for (const t of [a, lastOpp, other]) await q.enqueue(t, OWNER_TTL);
      const [pair] = await q.matchBatch(T0 + 2, { ...PARAMS, maxPairs: 1 });
      assert.equal(pair.a.steamId, a.steamId);
      assert.equal(pair.b.steamId, other.steamId);

      await q.clear();
      for (const t of [a, lastOpp]) await q.enqueue(t, OWNER_TTL);
      const [only] = await q.matchBatch(T0 + 2, PARAMS);
      assert.deepEqual([only.a.steamId, only.b.steamId], [a.steamId, lastOpp.steamId]);
    });

    it("dead-process expiry: an expired ticket is never matched and the sweep drops it", async () => {
      const dead = ticket({ rating: 1500, leaseUntil: T0 - 1 });
      const alive = ticket({ rating: 1500 });
      await q.enqueue(dead, OWNER_TTL);
      await q.enqueue(alive, OWNER_TTL);
      assert.deepEqual(await q.matchBatch(T0, PARAMS), []);
      const swept = await q.sweepExpired(T0, 100);
      assert.deepEqual(
        swept.map((t) => t.steamId),
        [dead.steamId],
      );
      assert.equal(await q.size(), 1);
      assert.equal(await q.get(dead.steamId), null);
    });

    it("refresh extends leases of current tickets and reports the missing ones", async () => {
      const a = ticket({ rating: 1500, leaseUntil: T0 + 10 });
      const b = ticket({ rating: 2500, leaseUntil: T0 + 10 });
      await q.enqueue(a, OWNER_TTL);
      await q.enqueue(b, OWNER_TTL);
      const missing = await q.refresh(
        [
          { steamId: a.steamId, ticketId: a.ticketId },
          { steamId: b.steamId, ticketId: "stale" },
          { steamId: "76561198999999999", ticketId: "x" },
        ],
        T0 + 60_000,
        OWNER_TTL,
      );
      assert.deepEqual(missing.sort(), [b.steamId, "76561198999999999"].sort());
      assert.equal((await q.get(a.steamId))?.leaseUntil, T0 + 60_000);
      assert.deepEqual(
        (await q.sweepExpired(T0 + 30_000, 100)).map((t) => t.steamId),
        [b.steamId],
      );
    });

    it("requeue keeps enqueuedAt, but only for the connection that still owns the player's slot", async () => {
      const a = ticket({ rating: 1500, enqueuedAt: T0 - 5000 });
      const b = ticket({ rating: 1500 });
      await q.enqueue(a, OWNER_TTL);
      await q.enqueue(b, OWNER_TTL);
      const [pair] = await q.matchBatch(T0, PARAMS);
      assert.equal(pair.a.steamId, a.steamId);
      assert.equal(await q.requeue(pair.a, OWNER_TTL), true);
      assert.equal((await q.get(a.steamId))?.enqueuedAt, T0 - 5000);
      assert.equal(await q.requeue(pair.a, OWNER_TTL), false, "already queued");
      // b re-joins from another connection before the requeue: the old ticket must not come back.
      const b2 = { ...b, ticketId: "t-b2" };
      await q.enqueue(b2, OWNER_TTL);
      assert.equal(await q.requeue(pair.b, OWNER_TTL), false);
      assert.equal((await q.get(b.steamId))?.ticketId, "t-b2");
      // After the owner leaves (remove with release), a late requeue is refused too.
      await q.remove(b.steamId, "t-b2", true);
      assert.equal(await q.requeue(b2, OWNER_TTL), false);
    });

    it("restore puts a lost ticket back for its connection, also when the slot's owner was lost, never over another connection", async () => {
      const a = ticket({ rating: 1500, enqueuedAt: T0 - 5000 });
      await q.enqueue(a, OWNER_TTL);
      // Ticket and owner both gone (what a Redis restart without persistence leaves).
      await q.remove(a.steamId, a.ticketId, true);
      assert.equal(await q.requeue(a, OWNER_TTL), false, "requeue needs the owner");
      assert.equal(await q.restore(a, OWNER_TTL), true);
      assert.equal((await q.get(a.steamId))?.enqueuedAt, T0 - 5000);
      assert.equal(await q.restore(a, OWNER_TTL), false, "already queued");
      // Another connection of the same player took the slot: the old ticket stays out.
      const a2 = { ...a, ticketId: "t-a2" };
      await q.enqueue(a2, OWNER_TTL);
      await q.remove(a.steamId, "t-a2", false);
      assert.equal(await q.restore(a, OWNER_TTL), false);
      assert.equal(await q.restore(a2, OWNER_TTL), true);
    });

    it("two racing matchers over 1,000 tickets: every ticket matched at most once, none lost", async () => {
      const all: Ticket[] = [];
      for (let i = 0; i < 1000; i++) {
        all.push(ticket({ rating: 1500 + Math.round(gauss(i) * 120), enqueuedAt: T0 + (i % 97) * 10 }));
      }
      const other = second();
      // Enqueue from both "processes" concurrently.
      await Promise.all(all.map((t, i) => (i % 2 ? q : other).enqueue(t, OWNER_TTL)));
      assert.equal(await q.size(), 1000);
      const seen = new Map<string, number>();
      const matched: MatchedPair[] = [];
      const small = { ...PARAMS, maxPairs: 20, maxAnchors: 80 };
      const run = async (queue: TicketQueue) => {
        const matcher = new Matcher(queue, {
          tickMs: 300,
          params: small,
          onPair: (p) => matched.push(p),
          now: () => T0 + 60_000,
        });
        let idle = 0;
        while (idle < 3) idle = (await matcher.tick()) === 0 ? idle + 1 : 0;
      };
      await Promise.all([run(q), run(other), run(q === other ? q : second())]);
      for (const p of matched) for (const t of [p.a, p.b]) seen.set(t.steamId, (seen.get(t.steamId) ?? 0) + 1);
      for (const [id, count] of seen) assert.equal(count, 1, `${id} matched ${count} times`);
      const left = (await Promise.all(all.map((t) => q.get(t.steamId)))).filter(Boolean).length;
      assert.equal(seen.size + left, 1000, "a ticket was lost");
      assert.ok(matched.length >= 490, `only ${matched.length} pairs`);
      for (const p of matched) assert.ok(p.gap <= PARAMS.maxWindow);
    });
  });
}

/** Deterministic standard-normal-ish values. */
function gauss(i: number): number {
  let x = 0;
  for (let k = 1; k <= 6; k++) x += (((Math.sin(i * 12.9898 * k + k * 78.233) * 43758.5453) % 1) + 1) % 1;
  return (x - 3) / Math.sqrt(0.5);
}

if (REAL_REDIS_URL) {
  describe("TicketQueue: Redis and memory decide identically", function () {
    this.timeout(60_000);
    it("same 400 random tickets → the same pairs at several moments", async () => {
      const redis = new Redis(REAL_REDIS_URL!);
      const rq = new RedisTicketQueue(redis, uniqueName("mmeq") + ":");
      const mq = new MemoryTicketQueue();
      try {
        const tickets: Ticket[] = [];
        for (let i = 0; i < 400; i++) {
          tickets.push(
            ticket({
              rating: 1200 + ((i * 7919) % 600) + (i % 3) * 0.5,
              enqueuedAt: T0 + ((i * 104729) % 20_000),
              lastOpponent: i % 10 === 0 && i > 0 ? String(76561198100000000n + BigInt(n)) : "",
              leaseUntil: i % 37 === 0 ? T0 - 1 : T0 + 3_600_000,
            }),
          );
        }
        for (const t of tickets) {
          await rq.enqueue(t, OWNER_TTL);
          await mq.enqueue(t, OWNER_TTL);
        }
        for (const now of [T0, T0 + 5000, T0 + 20_000, T0 + 60_000]) {
          const params = { ...PARAMS, maxPairs: 37, maxAnchors: 150, candidatesPerSide: 4 };
          const [r, m] = [await rq.matchBatch(now, params), await mq.matchBatch(now, params)];
          assert.deepEqual(ids(r), ids(m), `pairs differ at +${now - T0} ms`);
        }
        assert.equal(await rq.size(), await mq.size());
      } finally {
        await rq.clear();
        redis.disconnect();
      }
    });
  });
}
