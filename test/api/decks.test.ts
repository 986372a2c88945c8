import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { catalogForClients, STARTER_COLLECTION, STARTER_DECKS } from "../../src/game";
import { MAX_DECKS_PER_PLAYER } from "../../src/db/decks";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { API_TEST_ENV, loginAs, newSteamId, type LoggedIn } from "./api-helpers";

type DeckCard = { cardId: string; count: number };

function countCards(ids: string[]): DeckCard[] {
  const m = new Map<string, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return [...m].map(([cardId, count]) => ({ cardId, count }));
}

const LEGAL: DeckCard[] = countCards(STARTER_DECKS[1].cards);
const catalog = catalogForClients();
const legendaryIn = LEGAL.find((c) => catalog.find((k) => k.id === c.cardId)?.rarity === "legendary")!;
const doubleCommon = LEGAL.find(
  (c) => c.count === 2 && catalog.find((k) => k.id === c.cardId)?.rarity !== "legendary",
)!;
const token = catalog.find((c) => !c.collectible)!;
const singleOwned = catalog.find((c) => c.collectible && c.rarity !== "legendary" && STARTER_COLLECTION[c.id] === 1)!;

/** LEGAL with one entry changed (keeps the other 29 cards). */
function withEntry(replace: string, entry: DeckCard): DeckCard[] {
  return LEGAL.map((c) => (c.cardId === replace ? entry : c));
}

for (const backend of testBackends()) {
  describe(`decks [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    let alice: LoggedIn;
    let bob: LoggedIn;
    const call = (who: LoggedIn | null, method: string, path: string, body?: unknown) =>
      request(app.baseUrl, method, path, { token: who?.token, body });
    const create = (who: LoggedIn, name: string, cards: DeckCard[] = LEGAL) =>
      call(who, "POST", "/api/me/decks", { name, cards });

    before(async () => {
      app = await startTestHttpApp(backend, API_TEST_ENV);
      alice = await loginAs(app, newSteamId(2));
      bob = await loginAs(app, newSteamId(2));
    });
    after(async () => {
      await app?.close();
    });

    it("a new player starts with the starter collection and the starter decks, in order, the first one default", async () => {
      const newcomer = await loginAs(app, newSteamId(2));
      const decks = await call(newcomer, "GET", "/api/me/decks");
      assert.equal(decks.status, 200);
      const list = decks.body.decks as Array<{ name: string; isDefault: boolean; cards: DeckCard[] }>;
      assert.deepEqual(
        list.map((d) => ({ name: d.name, isDefault: d.isDefault, cards: d.cards })),
        STARTER_DECKS.map((d, i) => ({
          name: d.name,
          isDefault: i === 0,
          cards: countCards(d.cards).sort((a, b) => (a.cardId < b.cardId ? -1 : 1)),
        })),
      );
      const collection = await call(newcomer, "GET", "/api/me/collection");
      assert.equal(collection.status, 200);
      const owned = collection.body.cards as Array<{ cardId: string; count: number }>;
      assert.deepEqual(
        Object.fromEntries(owned.map((c) => [c.cardId, c.count])),
        Object.fromEntries(Object.entries(STARTER_COLLECTION).filter(([, n]) => n > 0)),
      );
    });

    it("creates, reads, lists, replaces and deletes a deck", async () => {
      const created = await create(alice, "Aggro");
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const deck = created.body;
      assert.match(deck.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.headers.get("location"), `/api/me/decks/${deck.id}`);
      assert.equal(deck.name, "Aggro");
      assert.equal(deck.isDefault, false);
      assert.deepEqual(
        deck.cards,
        [...LEGAL].sort((a, b) => (a.cardId < b.cardId ? -1 : 1)),
      );

      const read = await call(alice, "GET", `/api/me/decks/${deck.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, deck);

      const list = await call(alice, "GET", "/api/me/decks");
      assert.equal(list.body.maxDecks, MAX_DECKS_PER_PLAYER);
      assert.deepEqual(list.body.decks.at(-1), deck);

      const replacedCards = withEntry(doubleCommon.cardId, { cardId: doubleCommon.cardId, count: 1 }).concat({
        cardId: singleOwned.id,
        count: 1,
      });
      const replaced = await call(alice, "PUT", `/api/me/decks/${deck.id}`, { name: "Aggro v2", cards: replacedCards });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.equal(replaced.body.name, "Aggro v2");
      assert.equal(replaced.body.cards.find((c: DeckCard) => c.cardId === doubleCommon.cardId).count, 1);
      assert.ok(Date.parse(replaced.body.updatedAt) >= Date.parse(deck.updatedAt));

      const deleted = await call(alice, "DELETE", `/api/me/decks/${deck.id}`);
      assert.equal(deleted.status, 204);
      assert.equal((await call(alice, "GET", `/api/me/decks/${deck.id}`)).status, 404);
      assert.equal((await call(alice, "DELETE", `/api/me/decks/${deck.id}`)).status, 404);
    });

    describe("deck rules, one by one (400 invalid_deck with details)", () => {
      const expectInvalid = async (body: unknown, path: string, message: RegExp) => {
        const res = await call(alice, "POST", "/api/me/decks", body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error.code, "invalid_deck");
        const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
        assert.ok(detail, `no detail at ${path}: ${JSON.stringify(res.body.error.details)}`);
        assert.match(detail.message, message);
      };

      it("exactly 30 cards", async () => {
        await expectInvalid(
          { name: "29", cards: withEntry(doubleCommon.cardId, { ...doubleCommon, count: 1 }) },
          "cards",
          /exactly 30 cards \(this one has 29\)/,
        );
        await expectInvalid({ name: "0", cards: [] }, "cards", /exactly 30 cards \(this one has 0\)/);
      });
      it("at most 2 copies", async () => {
        await expectInvalid(
          { name: "3x", cards: withEntry(doubleCommon.cardId, { ...doubleCommon, count: 3 }) },
          `cards.${LEGAL.indexOf(doubleCommon)}.count`,
          /at most 2 copies/,
        );
      });
      it("at most 1 copy of a legendary", async () => {
        await expectInvalid(
          { name: "2L", cards: withEntry(legendaryIn.cardId, { ...legendaryIn, count: 2 }) },
          `cards.${LEGAL.indexOf(legendaryIn)}.count`,
          /at most 1 copy of a legendary/,
        );
      });
      it("every card exists and is collectible", async () => {
        await expectInvalid(
          { name: "x", cards: withEntry(doubleCommon.cardId, { cardId: "no_such_card", count: 2 }) },
          `cards.${LEGAL.indexOf(doubleCommon)}.cardId`,
          /unknown card no_such_card/,
        );
        await expectInvalid(
          { name: "x", cards: withEntry(doubleCommon.cardId, { cardId: token.id, count: 2 }) },
          `cards.${LEGAL.indexOf(doubleCommon)}.cardId`,
          /unknown card/,
        );
      });
      it("a card listed twice", async () => {
        await expectInvalid(
          { name: "x", cards: [...LEGAL.slice(1), { ...LEGAL[1] }] },
          `cards.${LEGAL.length - 1}.cardId`,
          /listed more than once/,
        );
      });
      it("owned in that quantity", async () => {
        await expectInvalid(
          { name: "x", cards: withEntry(doubleCommon.cardId, { cardId: singleOwned.id, count: 2 }) },
          `cards.${LEGAL.indexOf(doubleCommon)}.count`,
          /you own 1 copy/,
        );
        await app.services.db
          .knex("player_card_collection")
          .where({ player_id: bob.steamId, card_id: doubleCommon.cardId })
          .delete();
        const res = await create(bob, "not owned");
        assert.equal(res.status, 400);
        assert.deepEqual(res.body.error.details, [
          { path: `cards.${LEGAL.indexOf(doubleCommon)}.count`, message: `you own 0 copies of ${doubleCommon.cardId}` },
        ]);
      });
      it("name of 1–32 characters", async () => {
        await expectInvalid({ name: "", cards: LEGAL }, "name", /1–32 characters/);
        await expectInvalid({ name: "x".repeat(33), cards: LEGAL }, "name", /1–32 characters/);
        await expectInvalid({ name: "🂡".repeat(33), cards: LEGAL }, "name", /1–32 characters/);
        await expectInvalid({ name: "a\u0000b", cards: LEGAL }, "name", /control characters/);
        await expectInvalid({ name: "a\ud800b", cards: LEGAL }, "name", /lone surrogates/);
        await expectInvalid({ cards: LEGAL }, "name", /.+/);
        await expectInvalid({ name: 5, cards: LEGAL }, "name", /.+/);
        await expectInvalid({ name: "x", cards: "all of them" }, "cards", /.+/);
        await expectInvalid({ name: "x", cards: [{ cardId: doubleCommon.cardId, count: 1.5 }] }, "cards.0.count", /.+/);
        const ok = await create(alice, "x".repeat(32));
        assert.equal(ok.status, 201);
        await call(alice, "DELETE", `/api/me/decks/${ok.body.id}`);
      });
      it("stores any Unicode name verbatim, SQL and HTML included", async () => {
        for (const name of [
          "'; DROP TABLE player_decks; --",
          "<script>alert(1)</script>",
          "🂡 Ünïcødé 牌組 🃏",
          "🂡".repeat(32),
          " spaced  ",
        ]) {
          const res = await create(alice, name);
          assert.equal(res.status, 201, JSON.stringify(res.body));
          assert.equal(res.body.name, name);
          assert.equal((await call(alice, "GET", `/api/me/decks/${res.body.id}`)).body.name, name);
          await call(alice, "DELETE", `/api/me/decks/${res.body.id}`);
        }
        assert.ok(await app.services.db.knex.schema.hasTable("player_decks"));
      });
      it("rejects a body that is not JSON, with the error shape", async () => {
        const res = await request(app.baseUrl, "POST", "/api/me/decks", { token: alice.token, rawBody: "{nope" });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, "invalid_json");
      });
      it("PUT validates the same rules", async () => {
        const deckId = (await call(alice, "GET", "/api/me/decks")).body.decks[0].id;
        const res = await call(alice, "PUT", `/api/me/decks/${deckId}`, { name: "", cards: [] });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path).sort(), ["name"]);
      });
    });

    it("another player's deck, a malformed id and an unknown id all answer 404", async () => {
      const bobsDeck = (await call(bob, "GET", "/api/me/decks")).body.decks[0];
      for (const id of [
        bobsDeck.id,
        "not-a-uuid",
        randomUUID(),
        "' OR 1=1 --",
        "00000000-0000-0000-0000-00000000000g",
      ]) {
        const path = `/api/me/decks/${encodeURIComponent(id)}`;
        for (const [method, body] of [["GET"], ["PUT", { name: "mine now", cards: LEGAL }], ["DELETE"]] as const) {
          const res = await call(alice, method, path, body);
          assert.equal(res.status, 404, `${method} ${id}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, "deck_not_found");
        }
        const def = await call(alice, "PUT", "/api/me/default-deck", { deckId: id });
        assert.equal(def.status, 404);
      }
      // Bob's deck is untouched.
      assert.deepEqual((await call(bob, "GET", `/api/me/decks/${bobsDeck.id}`)).body, bobsDeck);
      // Another player's invalid PUT body still answers 404, not 400.
      assert.equal((await call(alice, "PUT", `/api/me/decks/${bobsDeck.id}`, { name: "" })).status, 404);
    });

    it("sets the default deck; deleting the default picks another; the next deck after none becomes default", async () => {
      const carol = await loginAs(app, newSteamId(2));
      const [first, second] = (await call(carol, "GET", "/api/me/decks")).body.decks;
      assert.equal(first.isDefault, true);
      const set = await call(carol, "PUT", "/api/me/default-deck", { deckId: second.id });
      assert.equal(set.status, 200);
      assert.equal(set.body.id, second.id);
      assert.equal(set.body.isDefault, true);
      let decks = (await call(carol, "GET", "/api/me/decks")).body.decks;
      assert.deepEqual(
        decks.map((d: { isDefault: boolean }) => d.isDefault),
        [false, true],
      );
      // Setting it again is a no-op.
      assert.equal((await call(carol, "PUT", "/api/me/default-deck", { deckId: second.id })).status, 200);

      assert.equal((await call(carol, "DELETE", `/api/me/decks/${second.id}`)).status, 204);
      decks = (await call(carol, "GET", "/api/me/decks")).body.decks;
      assert.deepEqual(
        decks.map((d: { id: string; isDefault: boolean }) => [d.id, d.isDefault]),
        [[first.id, true]],
      );

      assert.equal((await call(carol, "DELETE", `/api/me/decks/${first.id}`)).status, 204);
      assert.deepEqual((await call(carol, "GET", "/api/me/decks")).body.decks, []);
      const fresh = await create(carol, "Fresh start");
      assert.equal(fresh.body.isDefault, true);

      const bad = await call(carol, "PUT", "/api/me/default-deck", { deckId: 42 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, "invalid_request");
      assert.equal(bad.body.error.details[0].path, "deckId");
    });

    it(`refuses deck number ${MAX_DECKS_PER_PLAYER + 1}, also under concurrent creates`, async () => {
      const dave = await loginAs(app, newSteamId(2));
      const have = (await call(dave, "GET", "/api/me/decks")).body.decks.length;
      const attempts = await Promise.all(
        Array.from({ length: MAX_DECKS_PER_PLAYER + 3 - have }, (_, i) => create(dave, `Deck ${i}`)),
      );
      assert.equal(attempts.filter((r) => r.status === 201).length, MAX_DECKS_PER_PLAYER - have);
      const refused = attempts.filter((r) => r.status !== 201);
      assert.equal(refused.length, 3);
      for (const r of refused) {
        assert.equal(r.status, 400);
        assert.equal(r.body.error.code, "invalid_deck");
        assert.match(r.body.error.details[0].message, /at most 18 decks/);
      }
      assert.equal((await call(dave, "GET", "/api/me/decks")).body.decks.length, MAX_DECKS_PER_PLAYER);
    });

    it("every deck route needs a token", async () => {
      const id = randomUUID();
      for (const [method, path] of [
        ["GET", "/api/me/decks"],
        ["POST", "/api/me/decks"],
        ["GET", `/api/me/decks/${id}`],
        ["PUT", `/api/me/decks/${id}`],
        ["DELETE", `/api/me/decks/${id}`],
        ["PUT", "/api/me/default-deck"],
      ]) {
        const res = await call(
          null,
          method,
          path,
          method === "GET" || method === "DELETE" ? undefined : { name: "x", cards: LEGAL },
        );
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(res.body.error.code, "unauthorized");
      }
    });
  });
}
