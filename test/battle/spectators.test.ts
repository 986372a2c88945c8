import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { Room as SdkRoom, type Room } from "@colyseus/sdk";
import { catalogForClients } from "../../src/game";
import { embeddedBackend, postgresBackend, REAL_DATABASE_URL } from "../helpers/backends";
import { Inbox, playWithBot } from "../helpers/battle-bots";
import { startTestGameServer, type TestGameServer } from "../helpers/game-server";
import { request } from "../helpers/http";

let idCounter = 0;
const nextSteamId = () => String(76561198500000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++idCounter));

const CARD_IDS = new Set(catalogForClients().map((c) => c.id));

/**
 * Every frame each SDK room receives, by session id, with the cards made public to it up to and including that
 * frame (any catalog card id named anywhere in an `events` message it decoded). Patched once for the file; the
 * room's handlers run inside onMessageCallback, so `publicAfter` is taken once the frame's events are seen.
 */
const frames = new Map<string, Array<{ bytes: Buffer; publicAfter: Set<string> }>>();
const publicCards = new Map<string, Set<string>>();
const originalOnMessage = (SdkRoom.prototype as any).onMessageCallback;
(SdkRoom.prototype as any).onMessageCallback = function (this: SdkRoom, event: MessageEvent) {
  const data = event.data as ArrayBuffer | Buffer;
  const bytes = Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
  const result = originalOnMessage.call(this, event);
  const list = frames.get(this.sessionId) ?? [];
  list.push({ bytes, publicAfter: new Set(publicCards.get(this.sessionId) ?? []) });
  frames.set(this.sessionId, list);
  return result;
};

function namedCards(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (CARD_IDS.has(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) namedCards(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) namedCards(v, into);
  }
}

/** Two disjoint 30-card decks, shifted by `offset` so matches differ. */
function disjointDecks(offset: number): [string[], string[]] {
  const pool = catalogForClients()
    .filter((c) => c.collectible && c.rarity !== "legendary")
    .map((c) => c.id);
  assert.ok(pool.length >= 30, "catalog must have at least 30 non-legendary collectible cards");
  const rotated = [...pool.slice(offset % pool.length), ...pool.slice(0, offset % pool.length)];
  return [rotated.slice(0, 15).flatMap((id) => [id, id]), rotated.slice(15, 30).flatMap((id) => [id, id])];
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
  inboxes: [Inbox, Inbox];
  decks: [string[], string[]];
}

async function startBattle(
  server: TestGameServer,
  offset = 0,
  allow: [boolean, boolean] = [true, true],
): Promise<Battle> {
  const steamIds: [string, string] = [nextSteamId(), nextSteamId()];
  const decks = disjointDecks(offset);
  const logins = await Promise.all(steamIds.map((id) => server.login(id)));
  for (let i = 0; i < 2; i++) {
    if (allow[i]) continue;
    const res = await request(server.baseUrl, "PUT", "/api/me/settings", {
      token: logins[i].accessToken,
      body: { allowSpectators: false },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { allowSpectators: false });
  }
  const deckIds = await Promise.all(steamIds.map((id, i) => insertDeck(server, id, decks[i])));
  const room = await matchMaker.createRoom("battle", {
    players: steamIds.map((steamId, i) => ({
      steamId,
      deckId: deckIds[i],
      rating: 1500,
      enqueuedAt: Date.now() - 5000,
    })),
    seed: `spectate-${steamIds[0]}`,
    mode: "casual",
  });
  const inboxes = (await Promise.all(
    steamIds.map(async (steamId) => {
      const reservation = await matchMaker.reserveSeatFor(room, {}, { steamId });
      const sdkRoom = await server.sdkAs(steamId).consumeSeatReservation(reservation);
      const inbox = new Inbox(sdkRoom);
      await waitFor(() => (sdkRoom.state as any)?.players?.length === 2);
      return inbox;
    }),
  )) as [Inbox, Inbox];
  return { roomId: room.roomId, steamIds, inboxes, decks };
}

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A spectator: a fresh player's token and `joinById(roomId, { spectate: true })`, recording its messages. */
async function spectate(
  server: TestGameServer,
  roomId: string,
): Promise<{ room: Room; messages: Array<{ type: string; payload: any }>; left: () => boolean }> {
  const { accessToken } = await server.login(nextSteamId());
  const sdk = server.sdk();
  sdk.auth.token = accessToken;
  const room = await sdk.joinById(roomId, { spectate: true });
  const messages: Array<{ type: string; payload: any }> = [];
  // A type with its own handler does not reach "*": record each battle message type explicitly.
  const seen = new Set<string>();
  publicCards.set(room.sessionId, seen);
  room.onMessage("events", (payload: { events: unknown[] }) => namedCards(payload.events, seen));
  for (const type of ["events", "legal", "result", "error", "cancelled"])
    room.onMessage(type, (payload) => messages.push({ type, payload }));
  room.onMessage("*", (type, payload) => messages.push({ type: String(type), payload }));
  let hasLeft = false;
  room.onLeave(() => {
    hasLeft = true;
  });
  return { room, messages, left: () => hasLeft };
}

const GAMES = Number(process.env.SPECTATOR_WIRE_GAMES ?? 8);
const backends = REAL_DATABASE_URL ? [postgresBackend, embeddedBackend] : [embeddedBackend];

for (const backend of backends) {
  describe(`spectators [${backend.name}]`, function () {
    this.timeout(180_000);
    let server: TestGameServer;

    before(async () => {
      server = await startTestGameServer(backend, {
        BATTLE_MAX_MESSAGES_PER_SECOND: "500",
        BATTLE_MAX_SPECTATORS: "2",
        LOGIN_RATE_LIMIT_PER_MINUTE: "100000",
      });
    });
    after(async () => {
      await server?.close();
    });

    it(`a spectator receives no hidden card of either player, in any byte, over ${GAMES} matches`, async () => {
      let checks = 0;
      for (let game = 0; game < GAMES; game++) {
        const battle = await startBattle(server, game * 3);
        const watcher = await spectate(server, battle.roomId);
        await waitFor(() => (watcher.room.state as any)?.spectators === 1);
        await Promise.all([playWithBot(battle.inboxes[0], 100 + game), playWithBot(battle.inboxes[1], 200 + game)]);
        await waitFor(() => watcher.left(), 5000);
        const received = frames.get(watcher.room.sessionId) ?? [];
        const total = received.reduce((n, f) => n + f.bytes.length, 0);
        assert.ok(total > 1000, "the spectator received the game");
        // Every frame: no card of either deck that was not public by then (both hands, both decks). One change
        // goes out as a state patch frame followed by its `events` frame, so a patch may show (on the board) the
        // card that the next frame's events name.
        const cards = [...new Set([...battle.decks[0], ...battle.decks[1]])];
        for (const [i, frame] of received.entries()) {
          const publicBy = received[Math.min(i + 1, received.length - 1)].publicAfter;
          for (const card of cards) {
            if (publicBy.has(card)) continue;
            assert.equal(
              frame.bytes.indexOf(Buffer.from(card)),
              -1,
              `frame ${i} of game ${game} carries the hidden card ${card}`,
            );
            checks++;
          }
        }
        const types = new Set(watcher.messages.map((m) => m.type));
        assert.ok(types.has("events"), "the spectator gets events");
        assert.ok(!types.has("legal"), "no legal list for a spectator");
        assert.ok(!types.has("result"), "no player's result for a spectator");
        for (const p of (watcher.room.state as any).players)
          assert.equal(p.hand, undefined, "no hand in a spectator's state");
        // Draws reach the spectator without card identities, for both seats.
        const draws = watcher.messages
          .flatMap((m) => (m.type === "events" ? m.payload.events : []))
          .filter((e: any) => e.type === "draw");
        assert.ok(draws.some((e: any) => e.seat === 0) && draws.some((e: any) => e.seat === 1));
        for (const e of draws) assert.deepEqual(Object.keys(e).sort(), ["opaque", "seat", "type"]);
      }
      assert.ok(checks > GAMES * 100, `checked ${checks} (frame, hidden card) pairs`);
    });

    it("lists watchable battles; a spectator's intents are refused and change nothing; the cap holds", async () => {
      const battle = await startBattle(server, 7);
      const { accessToken } = await server.login(nextSteamId());
      const live = await request(server.baseUrl, "GET", "/api/battles/live", { token: accessToken });
      assert.equal(live.status, 200);
      const listed = live.body.battles.find((b: any) => b.roomId === battle.roomId);
      assert.ok(listed, "the battle is listed");
      assert.deepEqual(listed.players, battle.steamIds);
      assert.equal(listed.mode, "casual");
      assert.equal(listed.maxSpectators, 2);
      assert.equal(typeof listed.matchId, "string");
      assert.equal((await request(server.baseUrl, "GET", "/api/battles/live")).status, 401);

      const first = await spectate(server, battle.roomId);
      const second = await spectate(server, battle.roomId);
      await waitFor(() => (first.room.state as any).spectators === 2);
      await assert.rejects(spectate(server, battle.roomId), "a third spectator is over the cap of 2");
      await waitFor(async () => {
        const again = await request(server.baseUrl, "GET", "/api/battles/live", { token: accessToken });
        return again.body.battles.find((b: any) => b.roomId === battle.roomId)?.spectators === 2;
      });

      const stateId = (first.room.state as any).stateId;
      const turn = (first.room.state as any).turn;
      for (const [type, payload] of [
        ["end_turn", { stateId }],
        ["concede", { stateId }],
        ["mulligan", { stateId, replace: [] }],
        ["sync", undefined],
        ["bogus", {}],
      ] as const) {
        first.room.send(type, payload);
      }
      await waitFor(() => first.messages.filter((m) => m.type === "error").length >= 5);
      for (const m of first.messages.filter((x) => x.type === "error")) assert.equal(m.payload.code, "spectator");
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((first.room.state as any).stateId, stateId, "nothing changed");
      assert.equal((first.room.state as any).turn, turn);
      assert.equal((first.room.state as any).phase, "mulligan");

      // A player of the match cannot watch it as a spectator; no token, no spectating.
      const player = await server.login(battle.steamIds[0]);
      const sdk = server.sdk();
      sdk.auth.token = player.accessToken;
      await assert.rejects(sdk.joinById(battle.roomId, { spectate: true }));
      await assert.rejects(server.sdk().joinById(battle.roomId, { spectate: true }));

      await second.room.leave();
      await waitFor(() => (first.room.state as any).spectators === 1);
      await Promise.all([playWithBot(battle.inboxes[0], 1), playWithBot(battle.inboxes[1], 2)]);
      await waitFor(() => first.left(), 5000);
    });

    it("a battle of a player who turned spectating off is neither listed nor watchable", async () => {
      const battle = await startBattle(server, 11, [true, false]);
      const { accessToken } = await server.login(nextSteamId());
      const live = await request(server.baseUrl, "GET", "/api/battles/live", { token: accessToken });
      assert.equal(
        live.body.battles.find((b: any) => b.roomId === battle.roomId),
        undefined,
      );
      await assert.rejects(spectate(server, battle.roomId));
      const settings = await request(server.baseUrl, "GET", "/api/me/settings", { token: accessToken });
      assert.deepEqual(settings.body, { allowSpectators: true });
      const bad = await request(server.baseUrl, "PUT", "/api/me/settings", {
        token: accessToken,
        body: { allowSpectators: "no" },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, "invalid_request");
      await Promise.all([playWithBot(battle.inboxes[0], 3), playWithBot(battle.inboxes[1], 4)]);
    });
  });
}
