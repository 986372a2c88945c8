import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Room as SdkRoom, type Room } from "@colyseus/sdk";
import { catalogForClients, hash, replay, forfeit, type Seat } from "../../src/game";
import { embeddedBackend, postgresBackend, REAL_DATABASE_URL } from "../helpers/backends";
import { Inbox, playWithBot, type LegalMessage, type ResultMessage } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";
import { verifyReplay } from "../../src/battle/stored-replay";

let idCounter = 0;
const nextSteamId = () => String(76561198100000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++idCounter));

/** Every byte each SDK room receives, by session id (patched once for the whole file). */
const receivedBytes = new Map<string, Buffer[]>();
const originalOnMessage = (SdkRoom.prototype as any).onMessageCallback;
(SdkRoom.prototype as any).onMessageCallback = function (this: SdkRoom, event: MessageEvent) {
  const data = event.data as ArrayBuffer | Buffer;
  const list = receivedBytes.get(this.sessionId) ?? [];
  list.push(Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data));
  receivedBytes.set(this.sessionId, list);
  return originalOnMessage.call(this, event);
};

/** Two disjoint 30-card decks (15 distinct non-legendary collectible cards × 2 each). */
function disjointDecks(): [string[], string[]] {
  const pool = catalogForClients()
    .filter((c) => c.collectible && c.rarity !== "legendary")
    .map((c) => c.id);
  assert.ok(pool.length >= 30, "catalog must have at least 30 non-legendary collectible cards");
  const a = pool.slice(0, 15).flatMap((id) => [id, id]);
  const b = pool.slice(15, 30).flatMap((id) => [id, id]);
  return [a, b];
}

async function insertDeck(server: TestGameServer, steamId: string, cards: string[]): Promise<string> {
  const knex = server.app.services.db.knex;
  const [row] = await knex("player_decks").insert({ player_id: steamId, name: "test deck" }).returning("id");
  const counts = new Map<string, number>();
  for (const c of cards) counts.set(c, (counts.get(c) ?? 0) + 1);
  await knex("deck_cards").insert([...counts].map(([card_id, count]) => ({ deck_id: row.id, card_id, count })));
  return row.id;
}

interface Battle {
  roomId: string;
  steamIds: [string, string];
  rooms: [Room, Room];
  inboxes: [Inbox, Inbox];
  decks: [string[], string[]];
}

async function startBattle(
  server: TestGameServer,
  options: { timers?: Record<string, number>; join?: [boolean, boolean]; seed?: string } = {},
): Promise<Battle> {
  const steamIds: [string, string] = [nextSteamId(), nextSteamId()];
  const decks = disjointDecks();
  const tokens = await Promise.all(steamIds.map((id) => server.login(id)));
  void tokens;
  const deckIds = await Promise.all(steamIds.map((id, i) => insertDeck(server, id, decks[i])));
  const room = await matchMaker.createRoom("battle", {
    players: steamIds.map((steamId, i) => ({
      steamId,
      deckId: deckIds[i],
      rating: 1500,
      enqueuedAt: Date.now() - 5000,
    })),
    seed: options.seed ?? `seed-${steamIds[0]}`,
    timers: options.timers,
  });
  const join = options.join ?? [true, true];
  const inboxes = (await Promise.all(
    steamIds.map(async (steamId, i) => {
      if (!join[i]) return null;
      const reservation = await matchMaker.reserveSeatFor(room, {}, { steamId });
      const sdkRoom = await server.sdkAs(steamId).consumeSeatReservation(reservation);
      const inbox = new Inbox(sdkRoom);
      await waitFor(() => (sdkRoom.state as any)?.players?.length === 2);
      return inbox;
    }),
  )) as [Inbox, Inbox];
  return { roomId: room.roomId, steamIds, rooms: inboxes.map((i) => i?.room) as [Room, Room], inboxes, decks };
}

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const backends = REAL_DATABASE_URL ? [postgresBackend, embeddedBackend] : [embeddedBackend];

for (const backend of backends) {
  describe(`battle room [${backend.name}]`, function () {
    this.timeout(60_000);
    let server: TestGameServer;

    before(async () => {
      server = await startTestGameServer(backend, { BATTLE_MAX_MESSAGES_PER_SECOND: "500" });
    });
    after(async () => {
      await server?.close();
    });

    it("plays a full battle to the end and records history, participants and Glicko-2 ratings in one go", async () => {
      const battle = await startBattle(server);
      const phases = new Set<string>();
      battle.rooms[0].onStateChange((state: any) => phases.add(state.phase));
      const results = await Promise.all(battle.inboxes.map((inbox, i) => playWithBot(inbox, 100 + i)));
      assert.deepEqual(
        [...phases].filter((p) => !["mulligan", "playing", "ended"].includes(p)),
        [],
        "phases are the contract's",
      );
      assert.ok(phases.has("playing") && phases.has("ended"), [...phases].join());
      const [r0, r1] = results;
      assert.equal(r0.matchId, r1.matchId);
      assert.equal(r0.pending, false);
      assert.equal(r0.winner, r1.winner);
      assert.ok(["hero_destroyed", "draw", "turn_limit"].includes(r0.reason), r0.reason);

      const knex = server.app.services.db.knex;
      const history = await knex("match_history").where({ id: r0.matchId }).first();
      assert.ok(history, "match_history row");
      assert.equal(history.end_reason, r0.reason);
      const participants = await knex("match_participants")
        .select("*", knex.raw("player_id::text as player_id"))
        .where({ match_id: r0.matchId })
        .orderBy("seat");
      assert.equal(participants.length, 2);
      assert.deepEqual(
        participants.map((p: any) => p.player_id),
        battle.steamIds,
      );

      for (const [seat, result] of results.entries()) {
        const profile = await knex("player_profiles").where({ player_id: battle.steamIds[seat] }).first();
        assert.equal(profile.games, 1);
        const outcome = r0.winnerSeat === null ? "draw" : r0.winnerSeat === seat ? "win" : "loss";
        assert.equal(participants[seat].result, outcome);
        assert.equal(profile.wins, outcome === "win" ? 1 : 0);
        assert.equal(profile.losses, outcome === "loss" ? 1 : 0);
        assert.equal(profile.draws, outcome === "draw" ? 1 : 0);
        assert.equal(Number(profile.rating), result.you.after.rating);
        assert.equal(Number(participants[seat].rating_after), result.you.after.rating);
        assert.equal(result.you.before.rating, 1500);
        assert.ok(result.you.after.deviation < 350, "deviation shrinks after a game");
        if (outcome === "win") assert.ok(result.you.ratingChange! > 0);
        if (outcome === "loss") assert.ok(result.you.ratingChange! < 0);
        assert.ok(result.you.xpGained! > 0);
        // The result screen's data: levels and the season rank, the same as stored with the participant.
        assert.deepEqual([result.you.levelBefore, result.you.levelAfter], [1, 1]);
        assert.equal(result.you.rank?.before.tier, "bronze");
        const stored =
          typeof participants[seat].rank === "string" ? JSON.parse(participants[seat].rank) : participants[seat].rank;
        assert.deepEqual(result.you.rank, stored);
        assert.deepEqual([participants[seat].level_before, participants[seat].level_after], [1, 1]);
        if (outcome === "win") assert.ok(result.you.rank!.after.points > 0);
      }

      // The stored log replays to the same final state.
      const log = typeof history.intent_log === "string" ? JSON.parse(history.intent_log) : history.intent_log;
      const decks = participants.map(
        (p: any) => (typeof p.deck_snapshot === "string" ? JSON.parse(p.deck_snapshot) : p.deck_snapshot).cards,
      );
      let final = replay(history.seed, decks, log.log);
      if (log.forfeit) final = forfeit(final, log.forfeit.seat as Seat, log.forfeit.reason).state;
      assert.equal(hash(final), log.finalHash);

      // GET /matches/:id/replay: participants only; others get 404.
      const mine = await server.login(battle.steamIds[0]);
      const replayRes = await request(server.baseUrl, "GET", `/matches/${r0.matchId}/replay`, {
        token: mine.accessToken,
      });
      assert.equal(replayRes.status, 200);
      assert.equal(replayRes.body.seed, history.seed);
      assert.deepEqual(
        replayRes.body.players.map((p: any) => p.deck),
        decks,
      );
      assert.equal(replayRes.body.intentLog.length, log.log.length);
      assert.equal(verifyReplay(replayRes.body).hashMatches, true);
      const stranger = await server.login(nextSteamId());
      const denied = await request(server.baseUrl, "GET", `/matches/${r0.matchId}/replay`, {
        token: stranger.accessToken,
      });
      assert.equal(denied.status, 404);
      assert.equal((await request(server.baseUrl, "GET", `/matches/${r0.matchId}/replay`)).status, 401);
      assert.equal(
        (await request(server.baseUrl, "GET", `/matches/not-a-uuid/replay`, { token: mine.accessToken })).status,
        404,
      );
    });

    it("never sends the first player's hidden cards to the second player (wire bytes)", async () => {
      const battle = await startBattle(server);
      const [a, b] = battle.rooms;
      receivedBytes.set(b.sessionId, []);
      // Cards of player A that are visible to B: everything A played (public). Track through B's events.
      const publicToB = new Set<string>();
      battle.inboxes[1].on("events", (msg: { events: any[] }) => {
        for (const e of msg.events) for (const k of ["card", "into"]) if (typeof e[k] === "string") publicToB.add(e[k]);
      });
      const handSnapshots: string[][] = [];
      battle.inboxes[0].on("legal", () => {
        const hand = (a.state as any).players[0].hand?.cards ?? (a.state as any).players[1].hand?.cards;
        if (hand) handSnapshots.push(Array.from(hand as Iterable<any>, (c: any) => c.card));
      });
      await Promise.all([playWithBot(battle.inboxes[0], 7), playWithBot(battle.inboxes[1], 8)]);
      const bytes = Buffer.concat(receivedBytes.get(b.sessionId) ?? []);
      assert.ok(bytes.length > 1000, "the second client received the game");
      const bCards = new Set(battle.decks[1]);
      const hidden = [...new Set(battle.decks[0])].filter((card) => !publicToB.has(card) && !bCards.has(card));
      assert.ok(hidden.length > 0, "some of A's cards stayed hidden the whole game");
      for (const card of hidden) {
        assert.equal(bytes.indexOf(Buffer.from(card)), -1, `B received A's hidden card ${card}`);
      }
      // And B does not even have A's hand in its state.
      const aSeatInB = (b.state as any).players.find((p: any) => p.steamId === battle.steamIds[0]);
      assert.equal(aSeatInB.hand, undefined);
    });

    it("answers stale, illegal, malformed and unknown messages with `error` and changes nothing", async () => {
      const battle = await startBattle(server);
      const [a] = battle.rooms;
      const legal = await battle.inboxes[0].next<LegalMessage>("legal");
      const stateBefore = (a.state as any).stateId;
      const errors: any[] = [];
      battle.inboxes[0].on("error", (e) => errors.push(e));

      a.send("end_turn", { stateId: legal.stateId + 5 });
      a.send("attack", { stateId: legal.stateId, attacker: "e999", target: "hero:1" });
      a.send("play", { stateId: "x", card: 5 });
      a.send("play", { stateId: legal.stateId, card: "e1", extra: true });
      a.send("mulligan", null as any);
      a.send("teleport", { anywhere: true });
      a.send("mulligan", { stateId: legal.stateId, replace: Array.from({ length: 50 }, () => "e1") });
      await waitFor(() => errors.length >= 7);
      assert.deepEqual(
        errors.map((e) => e.code),
        [
          "stale_state",
          errors[1].code,
          "invalid_message",
          "invalid_message",
          "invalid_message",
          "unknown_message",
          "invalid_message",
        ],
      );
      assert.notEqual(errors[1].code, "stale_state");
      for (const e of errors) assert.equal(typeof e.message, "string");
      assert.equal((a.state as any).stateId, stateBefore, "nothing changed");
      assert.equal(a.connection.isOpen, true, "the client is still connected");
      for (const r of battle.rooms) await r.leave();
    });

    it("applies timeouts when the turn timer runs out and forfeits a player after three in a row", async () => {
      const battle = await startBattle(server, { timers: { turn: 0.3, mulligan: 0.3 } });
      // Nobody sends anything: the mulligan times out, then turns time out until someone is AFK.
      const results = await Promise.all(battle.inboxes.map((i) => i.next<ResultMessage>("result", 15_000)));
      assert.equal(results[0].reason, "afk");
      const history = await server.app.services.db.knex("match_history").where({ id: results[0].matchId }).first();
      const log = typeof history.intent_log === "string" ? JSON.parse(history.intent_log) : history.intent_log;
      const timeouts = log.log.filter((e: any) => e.intent.type === "timeout");
      assert.ok(timeouts.length >= 4, "mulligan timeouts and two turn timeouts were logged");
      assert.equal(log.forfeit.reason, "afk");
      assert.equal(results[0].winnerSeat, 1 - log.forfeit.seat);
    });

    it("lets a player concede, on or off turn", async () => {
      const battle = await startBattle(server);
      await battle.inboxes[1].next("legal");
      battle.rooms[1].send("concede", {});
      const [r0, r1] = await Promise.all(battle.inboxes.map((i) => i.next<ResultMessage>("result")));
      assert.equal(r0.reason, "concede");
      assert.equal(r0.winner, battle.steamIds[0]);
      assert.equal(r1.you.ratingChange! < 0, true);
    });

    it("restores the private hand and the legal list on reconnection", async () => {
      const battle = await startBattle(server, { timers: { reconnect: 10 } });
      const [a] = battle.rooms;
      const legal = await battle.inboxes[0].next<LegalMessage>("legal");
      const mySeat = (a.state as any).players.findIndex((p: any) => p.steamId === battle.steamIds[0]);
      const handBefore = Array.from((a.state as any).players[mySeat].hand.cards, (c: any) => c.id);
      assert.ok(handBefore.length >= 3);
      const token = a.reconnectionToken;
      a.reconnection.enabled = false;
      (a.connection as any).transport.ws.close(3000); // non-consented drop
      await waitFor(() => (battle.rooms[1].state as any).players[mySeat].connected === false);
      const again = await server.sdkAs(battle.steamIds[0]).reconnect(token);
      const legalAgain = new Inbox(again).next<LegalMessage>("legal");
      await waitFor(() => (again.state as any).players?.[mySeat]?.hand?.cards?.length > 0);
      assert.deepEqual(
        Array.from((again.state as any).players[mySeat].hand.cards, (c: any) => c.id),
        handBefore,
      );
      const l2 = await legalAgain;
      assert.equal(l2.stateId, legal.stateId);
      assert.equal((battle.rooms[1].state as any).players[mySeat].connected, true);
      for (const r of [again, battle.rooms[1]]) await r.leave();
    });

    it("forfeits a player who does not come back in time", async () => {
      const battle = await startBattle(server, { timers: { reconnect: 0.5 } });
      const [a, b] = battle.rooms;
      await battle.inboxes[0].next("legal");
      a.reconnection.enabled = false;
      (a.connection as any).transport.ws.close(3000);
      void b;
      const result = await battle.inboxes[1].next<ResultMessage>("result", 10_000);
      assert.equal(result.reason, "disconnect");
      assert.equal(result.winner, battle.steamIds[1]);
    });

    it("cancels with no rating change when the opponent never joins, and grants queue priority", async () => {
      const battle = await startBattle(server, { timers: { join: 0.5 }, join: [true, false] });
      const cancelled = await battle.inboxes[0].next<{ reason: string }>("cancelled", 10_000);
      assert.equal(cancelled.reason, "opponent_absent");
      const knex = server.app.services.db.knex;
      const profile = await knex("player_profiles").where({ player_id: battle.steamIds[0] }).first();
      assert.equal(profile.games, 0);
      assert.equal(Number(profile.rating), 1500);
      const { takeQueuePriority } = await import("../../src/matchmaker/queue-priority");
      const priority = await takeQueuePriority(server.app.services.store, battle.steamIds[0]);
      assert.ok(priority !== null && priority < Date.now() - 4000, "the original enqueue time is kept");
    });

    it("refuses clients that try to join or create a battle themselves, with or without a token", async () => {
      const battle = await startBattle(server);
      const { accessToken } = await server.login(battle.steamIds[0]);
      const sdk = server.sdk();
      await assert.rejects(sdk.joinById(battle.roomId));
      sdk.auth.token = accessToken;
      await assert.rejects(sdk.joinById(battle.roomId));
      await assert.rejects(sdk.create("battle", { players: [], seed: "x" }));
      for (const r of battle.rooms) await r.leave();
    });

    it("refuses a seat reservation for a player who is not in the match", async () => {
      const battle = await startBattle(server, { join: [true, false] });
      const stranger = nextSteamId();
      const roomCache = await matchMaker.getRoomById(battle.roomId);
      const reservation = await matchMaker.reserveSeatFor(roomCache, {}, { steamId: stranger });
      await assert.rejects(server.sdkAs(stranger).consumeSeatReservation(reservation));
      await battle.rooms[0].leave();
    });
  });
}
