/**
 * npm run bench:matchmaker — needs DATABASE_URL (PostgreSQL) and REDIS_URL.
 *
 * A. Matcher capacity: 100,000 synthetic tickets (ratings ~ N(1500, 300), waits 0–30 s) in the Redis
 *    queue; matcher ticks run back to back until no pair is left to make; matches/s, gap mean/p95.
 * B. Colyseus's built-in QueueRoom (core rooms/QueueRoom.ts) on the same 100,000 ratings: its regrouping
 *    (maxPlayers 2, default compare) run cycle by cycle; compute-bound and tick-bound (1 cycle/s) rates.
 * C. Live SDK clients: 1,000 players queued through the real queue room (matcher paused while they
 *    join, so ≥ 1,000 are queued), then 500 more arriving while it runs; enqueue→reservation latency.
 *    The same 1,500 ratings through a QueueRoom with live SDK clients: join→seat latency.
 * The last stdout line is one JSON object.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";
import { Client as SDKClient, type Room as SDKRoom } from "@colyseus/sdk";
import { defineRoom, QueueRoom as CoreQueueRoom, type Client } from "@colyseus/core";
import Redis from "ioredis";
import knexFactory from "knex";
import { loadConfig } from "../src/config";
import { migrateLatest } from "../src/db/migrate";
import { CARDS } from "../src/game/catalog";
import { STARTER_DECKS } from "../src/game/decks";
import { setLogLevel } from "../src/logger";
import { Matcher } from "../src/matchmaker/matcher";
import { matchParamsFrom } from "../src/matchmaker/matchmaking";
import { matchmakingMetrics } from "../src/matchmaker/metrics";
import { RedisTicketQueue } from "../src/matchmaker/redis-ticket-queue";
import type { MatchedPair, Ticket } from "../src/matchmaker/ticket";
import { roomDefinitions } from "../src/rooms";
import { buildGameServer } from "../src/server";
import { createServices } from "../src/services";
import { Room } from "@colyseus/core";

const SYNTHETIC = Number(process.env.BENCH_TICKETS ?? 100_000);
const LIVE_PREFILL = Number(process.env.BENCH_LIVE ?? 1000);
const LIVE_ARRIVALS = Number(process.env.BENCH_ARRIVALS ?? 500);
const ARRIVAL_RATE = 250; // players/s joining while the matcher runs

const say = (s: string) => process.stdout.write(s + "\n");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function normal(mean: number, sd: number): number {
  const u = 1 - Math.random();
  const v = Math.random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const rating = () => Math.round(Math.min(3200, Math.max(100, normal(1500, 300))) * 100) / 100;
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s.at(-1) ?? 0,
  };
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------- A. our matcher on 100k Redis tickets ----------------
async function benchMatcher(redisUrl: string, ratings: number[], params: ReturnType<typeof matchParamsFrom>) {
  const redis = new Redis(redisUrl, { enableAutoPipelining: true });
  const queue = new RedisTicketQueue(redis, `bench_${randomBytes(3).toString("hex")}:`);
  const now = Date.now();
  const fillStart = Date.now();
  for (let i = 0; i < ratings.length; i += 5000) {
    await Promise.all(
      ratings.slice(i, i + 5000).map((r, j) => {
        const id = String(76561198500000000n + BigInt(i + j));
        const t: Ticket = {
          ticketId: `b${i + j}`,
          steamId: id,
          deckId: "00000000-0000-4000-8000-000000000000",
          rating: r,
          deviation: 60 + ((i + j) % 200),
          enqueuedAt: now - Math.floor(Math.random() * 30_000),
          leaseUntil: now + 600_000,
          lastOpponent: "",
          location: { processId: "bench", roomId: "bench", sessionId: id },
        };
        return queue.enqueue(t, 600_000);
      }),
    );
  }
  const fillSeconds = (Date.now() - fillStart) / 1000;
  const pairs: MatchedPair[] = [];
  const matcher = new Matcher(queue, { tickMs: 300, params, onPair: (p) => pairs.push(p) });
  const started = Date.now();
  let idle = 0;
  let ticks = 0;
  let busyMs = 0;
  while (idle < 2) {
    const n = await matcher.tick();
    ticks++;
    if (n > 0) busyMs = Date.now() - started;
    idle = n === 0 ? idle + 1 : 0;
  }
  const left = await queue.size();
  await queue.clear();
  redis.disconnect();
  const gaps = stats(pairs.map((p) => p.gap));
  return {
    tickets: ratings.length,
    fillSeconds: r1(fillSeconds),
    pairs: pairs.length,
    unmatchedLeft: left,
    ticks,
    seconds: r1(busyMs / 1000) || 0.1,
    matchesPerSecond: Math.round(pairs.length / Math.max(0.001, busyMs / 1000)),
    gapMean: r1(gaps.mean),
    gapP95: r1(gaps.p95),
  };
}

// ---------------- B. Colyseus QueueRoom on the same ratings ----------------
class CountingQueueRoom extends CoreQueueRoom {
  readyGroups: Array<number[]> = [];
  processGroupsReady() {
    for (const g of this.groups) {
      if (!g.ready) continue;
      this.readyGroups.push(g.clients.map((c) => c.userData!.rank));
      for (const c of g.clients) (c.userData as any).gone = true;
    }
  }
}

function benchCoreQueueRoomCompute(ratings: number[]) {
  const room = new CountingQueueRoom();
  room.maxPlayers = 2;
  let clients = ratings.map(
    (rank, i) => ({ sessionId: String(i), userData: { rank, currentCycle: 0 } }) as unknown as Client<any>,
  );
  let cycles = 0;
  const started = process.hrtime.bigint();
  let prevReady = -1;
  while (clients.length > 1 && room.readyGroups.length !== prevReady && cycles < 100) {
    prevReady = room.readyGroups.length;
    (room as any).clients = clients;
    room.reassignMatchGroups();
    cycles++;
    clients = clients.filter((c) => !(c.userData as any).gone);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const gaps = stats(room.readyGroups.map(([x, y]) => Math.abs(x - y)));
  return {
    pairs: room.readyGroups.length,
    cycles,
    computeSeconds: Math.round(seconds * 1000) / 1000,
    computeMatchesPerSecond: Math.round(room.readyGroups.length / Math.max(1e-6, seconds)),
    // QueueRoom regroups once per cycleTickInterval (1 s): its real drain rate.
    tickBoundMatchesPerSecond: Math.round(room.readyGroups.length / Math.max(1, cycles)),
    gapMean: r1(gaps.mean),
    gapP95: r1(gaps.p95),
  };
}

class BenchBattleRoom extends Room {
  maxClients = 2;
  onJoin() {}
}

// ---------------- C. live SDK clients ----------------
async function benchLive(env: Record<string, string>) {
  const admin = knexFactory({ client: "pg", connection: env.DATABASE_URL, pool: { min: 0, max: 1 } });
  const dbName = `cg_bench_${Date.now().toString(36)}`;
  await admin.raw(`CREATE DATABASE ${dbName}`);
  const url = new URL(env.DATABASE_URL);
  url.pathname = "/" + dbName;
  const config = loadConfig({
    ...process.env,
    ...env,
    DATABASE_URL: url.toString(),
    REDIS_KEY_PREFIX: `bench_${randomBytes(3).toString("hex")}:`,
    STEAM_AUTH_MODE: "dev",
    NODE_ENV: "test",
    LOG_LEVEL: "error",
    JWT_SECRET: randomBytes(32).toString("hex"),
    QUEUE_ROOM_MAX_CLIENTS: "5000",
  } as NodeJS.ProcessEnv);
  setLogLevel("error");
  const services = await createServices(config);
  await migrateLatest(services.db.knex);
  const knex = services.db.knex;

  // Players with profiles and a valid default deck.
  const total = LIVE_PREFILL + LIVE_ARRIVALS;
  const players = Array.from({ length: total }, (_, i) => ({
    steamId: String(76561198600000000n + BigInt(i)),
    rating: rating(),
  }));
  const cardIds = STARTER_DECKS[0].cards;
  await knex("cards")
    .insert(
      [...new Set(cardIds)].map((id) => ({
        id,
        name: CARDS[id].name,
        cost: CARDS[id].cost,
        type: CARDS[id].type,
        attack: CARDS[id].attack ?? null,
        health: CARDS[id].health ?? null,
        rarity: CARDS[id].rarity,
        text: CARDS[id].text,
      })),
    )
    .onConflict("id")
    .ignore();
  const counts = new Map<string, number>();
  for (const id of cardIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (let i = 0; i < total; i += 500) {
    const chunk = players.slice(i, i + 500);
    await knex("players").insert(chunk.map((p) => ({ steam_id: p.steamId, persona_name: "b" })));
    await knex("player_profiles").insert(
      chunk.map((p) => ({ player_id: p.steamId, rating: p.rating, rating_deviation: 80 })),
    );
    const decks = (await knex("player_decks")
      .insert(chunk.map((p) => ({ player_id: p.steamId, name: "d", is_default: true })))
      .returning("id")) as Array<{ id: string }>;
    await knex("deck_cards").insert(
      decks.flatMap((d) => [...counts].map(([card_id, count]) => ({ deck_id: d.id, card_id, count }))),
    );
  }

  const server = buildGameServer(
    { ...services, config: { ...config, REDIS_URL: undefined } },
    {
      rooms: {
        queue: roomDefinitions(services).queue,
        battle: defineRoom(BenchBattleRoom),
        core_queue: defineRoom(CoreQueueRoom, { matchRoomName: "battle", maxPlayers: 2 } as never),
      },
    },
  );
  const port = await freePort();
  await server.listen(port, "127.0.0.1");
  const endpoint = `ws://127.0.0.1:${port}`;
  const mm = services.matchmaking;
  matchmakingMetrics.reset();

  // --- ours ---
  const latencies: number[] = [];
  const arrivalLatencies: number[] = [];
  const rooms: SDKRoom[] = [];
  let peakQueued = 0;
  const joinOne = async (p: (typeof players)[number], sink: number[]) => {
    const c = new SDKClient(endpoint);
    c.auth.token = services.accessTokens.sign(p.steamId).token;
    const room = await c.joinOrCreate("queue", {});
    rooms.push(room);
    let enqueuedAt = 0;
    const done = new Promise<void>((resolve) => {
      room.onMessage("queued", (m: any) => {
        enqueuedAt ||= m.enqueuedAt;
        peakQueued = Math.max(peakQueued, m.queueSize);
      });
      room.onMessage("matched", () => {
        sink.push(Date.now() - enqueuedAt);
        resolve();
      });
      room.onMessage("*", () => undefined);
    });
    return { done, queued: () => enqueuedAt > 0 };
  };
  // Prefill with the matcher paused, so ≥ LIVE_PREFILL are queued at once.
  const prefill: Array<Promise<void>> = [];
  const handles: Array<{ queued: () => boolean }> = [];
  for (let i = 0; i < LIVE_PREFILL; i += 100) {
    const hs = await Promise.all(players.slice(i, i + 100).map((p) => joinOne(p, latencies)));
    for (const h of hs) {
      prefill.push(h.done);
      handles.push(h);
    }
  }
  while (!handles.every((h) => h.queued())) await sleep(20);
  const queuedAtStart = await mm.queue.size();
  const matcherStart = Date.now();
  const drainLatencies: number[] = [];
  for (const p of prefill) p.then(() => drainLatencies.push(Date.now() - matcherStart));
  mm.start();
  // Arrivals while the queue is full.
  const arrivals: Array<Promise<void>> = [];
  for (let i = LIVE_PREFILL; i < total; i++) {
    arrivals.push((await joinOne(players[i], arrivalLatencies)).done);
    await sleep(1000 / ARRIVAL_RATE);
  }
  await Promise.race([Promise.allSettled([...prefill, ...arrivals]), sleep(60_000)]);
  const liveOurs = {
    clients: total,
    queuedWhenMatcherStarted: queuedAtStart,
    matched: latencies.length + arrivalLatencies.length,
    drainSeconds: r1((Date.now() - matcherStart) / 1000),
    prefillMatcherStartToSeat: stats(drainLatencies),
    arrivalsEnqueueToSeat: stats(arrivalLatencies),
    allEnqueueToSeat: stats([...latencies.map((x) => x), ...arrivalLatencies]),
    dispatchMs: (({ p50, p95, p99, mean }) => ({ p50, p95, p99, mean }))(
      (await matchmakingMetrics.snapshot()).dispatchMs,
    ),
  };
  for (const r of rooms.splice(0)) r.leave(true).catch(() => undefined);
  await services.matchmaking.stop();
  await sleep(500);

  // --- Colyseus QueueRoom with the same players' ratings ---
  const coreLat: number[] = [];
  const coreRooms: SDKRoom[] = [];
  const coreDone: Array<Promise<void>> = [];
  const coreStart = Date.now();
  const coreJoin = async (p: (typeof players)[number]) => {
    const c = new SDKClient(endpoint);
    const t0 = Date.now();
    const room = await c.joinOrCreate("core_queue", { rank: p.rating });
    coreRooms.push(room);
    coreDone.push(
      new Promise<void>((resolve) => {
        room.onMessage("seat", () => {
          coreLat.push(Date.now() - t0);
          room.send("confirm");
          resolve();
        });
        room.onMessage("*", () => undefined);
      }),
    );
  };
  for (let i = 0; i < LIVE_PREFILL; i += 100) await Promise.all(players.slice(i, i + 100).map(coreJoin));
  for (let i = LIVE_PREFILL; i < total; i++) {
    await coreJoin(players[i]);
    await sleep(1000 / ARRIVAL_RATE);
  }
  await Promise.race([Promise.allSettled(coreDone), sleep(60_000)]);
  const liveCore = {
    clients: total,
    matched: coreLat.length,
    seconds: r1((Date.now() - coreStart) / 1000),
    joinToSeat: stats(coreLat),
  };
  for (const r of coreRooms) r.leave(true).catch(() => undefined);
  await sleep(300);

  await server.gracefullyShutdown(false).catch(() => undefined);
  await mm.queue.clear().catch(() => undefined);
  await services.close();
  await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.destroy();
  return { ours: liveOurs, core: liveCore };
}

async function main() {
  const redisUrl = process.env.REDIS_URL;
  const databaseUrl = process.env.DATABASE_URL;
  if (!redisUrl || !databaseUrl) {
    process.stderr.write("bench:matchmaker needs REDIS_URL and DATABASE_URL (PostgreSQL)\n");
    process.exit(2);
  }
  const config = loadConfig({ ...process.env, STEAM_AUTH_MODE: "dev", LOG_LEVEL: "error" } as NodeJS.ProcessEnv);
  const params = matchParamsFrom(config);
  const ratings = Array.from({ length: SYNTHETIC }, rating);

  say(
    `A. our matcher: ${SYNTHETIC} synthetic tickets in Redis, ratings ~ N(1500, 300), windows ${params.baseWindow}+${params.growthPerSecond}/s≤${params.maxWindow}`,
  );
  const ours = await benchMatcher(redisUrl, ratings, params);
  say(
    `   ${ours.pairs} pairs in ${ours.seconds}s → ${ours.matchesPerSecond} matches/s; gap mean ${ours.gapMean}, p95 ${ours.gapP95}; ${ours.unmatchedLeft} left unmatched (fill ${ours.fillSeconds}s)`,
  );

  say(`B. Colyseus QueueRoom (maxPlayers 2, default compare) on the same ratings`);
  const core = benchCoreQueueRoomCompute(ratings);
  say(
    `   ${core.pairs} pairs in ${core.cycles} cycles; compute ${core.computeMatchesPerSecond} matches/s, tick-bound (1 cycle/s) ${core.tickBoundMatchesPerSecond} matches/s; gap mean ${core.gapMean}, p95 ${core.gapP95}`,
  );
  const ratio = Math.round((ours.matchesPerSecond / Math.max(1, core.tickBoundMatchesPerSecond)) * 100) / 100;
  say(`   ratio ours / QueueRoom (tick-bound): ${ratio}; gap p95 ours ${ours.gapP95} vs QueueRoom ${core.gapP95}`);

  say(`C. live SDK clients: ${LIVE_PREFILL} queued, then ${LIVE_ARRIVALS} arriving at ${ARRIVAL_RATE}/s`);
  const live = await benchLive({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });
  say(
    `   ours: ${live.ours.matched}/${live.ours.clients} matched; arrivals enqueue→seat p50 ${live.ours.arrivalsEnqueueToSeat.p50} ms, p99 ${live.ours.arrivalsEnqueueToSeat.p99} ms; ` +
      `prefill matcher-start→seat p50 ${live.ours.prefillMatcherStartToSeat.p50} ms, p99 ${live.ours.prefillMatcherStartToSeat.p99} ms; dispatch p99 ${live.ours.dispatchMs.p99} ms`,
  );
  say(
    `   QueueRoom: ${live.core.matched}/${live.core.clients} seated; join→seat p50 ${live.core.joinToSeat.p50} ms, p99 ${live.core.joinToSeat.p99} ms`,
  );

  const result = {
    bench: "matchmaker",
    tickets: SYNTHETIC,
    ours: {
      matchesPerSecond: ours.matchesPerSecond,
      pairs: ours.pairs,
      gapMean: ours.gapMean,
      gapP95: ours.gapP95,
      unmatchedLeft: ours.unmatchedLeft,
    },
    queueRoom: core,
    ratioMatchesPerSecond: ratio,
    live: {
      queued: live.ours.queuedWhenMatcherStarted,
      arrivalsEnqueueToSeatP50: live.ours.arrivalsEnqueueToSeat.p50,
      arrivalsEnqueueToSeatP99: live.ours.arrivalsEnqueueToSeat.p99,
      prefillMatcherStartToSeatP50: live.ours.prefillMatcherStartToSeat.p50,
      prefillMatcherStartToSeatP99: live.ours.prefillMatcherStartToSeat.p99,
      allEnqueueToSeatP99: live.ours.allEnqueueToSeat.p99,
      dispatchP99: live.ours.dispatchMs.p99,
      matched: live.ours.matched,
      clients: live.ours.clients,
      queueRoomJoinToSeatP50: live.core.joinToSeat.p50,
      queueRoomJoinToSeatP99: live.core.joinToSeat.p99,
      queueRoomSeated: live.core.matched,
    },
  };
  say(JSON.stringify(result));
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + "\n");
  process.exit(1);
});
