import assert from "node:assert/strict";
import { catalogForClients, STARTER_COLLECTION, STARTER_DECKS, validateDeck } from "../../src/game";
import { cardVersion, syncCardCatalog } from "../../src/db/cards";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { API_TEST_ENV, loginAs, newSteamId } from "./api-helpers";

for (const backend of testBackends()) {
  describe(`card catalog and collection [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    before(async () => {
      app = await startTestHttpApp(backend, API_TEST_ENV);
    });
    after(async () => {
      await app?.close();
    });

    it("fills the cards table from the engine catalog at start-up", async () => {
      const rows = await app.services.db.knex("cards").select("id", "version", "rarity", "collectible");
      const catalog = catalogForClients();
      assert.equal(rows.length, catalog.length);
      const byId = new Map(rows.map((r: Record<string, unknown>) => [r.id, r]));
      for (const card of catalog) assert.equal(byId.get(card.id)?.version, cardVersion(card), card.id);
    });

    it("updates a card whose fields changed and leaves the others alone", async () => {
      const knex = app.services.db.knex;
      const [first, second] = catalogForClients();
      const before = await knex("cards").where({ id: second.id }).first("updated_at");
      await syncCardCatalog(knex, [{ ...first, text: "Changed text" }, second]);
      const changed = await knex("cards").where({ id: first.id }).first();
      assert.equal(changed.text, "Changed text");
      assert.equal(changed.version, cardVersion({ ...first, text: "Changed text" }));
      const untouched = await knex("cards").where({ id: second.id }).first("updated_at");
      assert.equal(new Date(untouched.updated_at).getTime(), new Date(before.updated_at).getTime());
      await syncCardCatalog(knex); // restore
      assert.equal((await knex("cards").where({ id: first.id }).first()).text, first.text);
    });

    it("GET /api/cards serves the catalog without a token, with ETag, Cache-Control and 304", async () => {
      const res = await request(app.baseUrl, "GET", "/api/cards");
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.cards, catalogForClients());
      assert.equal(typeof res.body.engineVersion, "string");
      const etag = res.headers.get("etag");
      assert.match(etag ?? "", /^"[A-Za-z0-9_-]+"$/);
      assert.match(res.headers.get("cache-control") ?? "", /public, max-age=\d+/);
      const again = await request(app.baseUrl, "GET", "/api/cards", { headers: { "if-none-match": etag! } });
      assert.equal(again.status, 304);
      assert.equal(again.body, null);
      const weak = await request(app.baseUrl, "GET", "/api/cards", {
        headers: { "if-none-match": `"other", W/${etag}` },
      });
      assert.equal(weak.status, 304);
      const stale = await request(app.baseUrl, "GET", "/api/cards", { headers: { "if-none-match": '"stale"' } });
      assert.equal(stale.status, 200);
    });

    it("registration grants the starter collection and two legal starter decks, one default", async () => {
      const me = await loginAs(app, newSteamId(1));
      const collection = await request(app.baseUrl, "GET", "/api/me/collection", { token: me.token });
      assert.equal(collection.status, 200);
      assert.equal(collection.headers.get("cache-control"), "private, no-store");
      const owned = Object.fromEntries(
        collection.body.cards.map((c: { cardId: string; count: number }) => [c.cardId, c.count]),
      );
      assert.deepEqual(owned, STARTER_COLLECTION);

      const decks = await request(app.baseUrl, "GET", "/api/me/decks", { token: me.token });
      assert.equal(decks.status, 200);
      assert.equal(decks.body.decks.length, 2);
      assert.deepEqual(
        decks.body.decks.map((d: { name: string }) => d.name),
        STARTER_DECKS.map((d) => d.name),
      );
      assert.deepEqual(
        decks.body.decks.map((d: { isDefault: boolean }) => d.isDefault),
        [true, false],
      );
      for (const deck of decks.body.decks) {
        const ids = deck.cards.flatMap((c: { cardId: string; count: number }) => Array(c.count).fill(c.cardId));
        assert.deepEqual(validateDeck(ids), { ok: true });
      }
    });

    it("a failed registration step leaves no half-registered player", async () => {
      const knex = app.services.db.knex;
      const { loginPlayer } = await import("../../src/db/players");
      const steamId = newSteamId(1);
      const failing = async () => {
        throw new Error("boom");
      };
      await assert.rejects(loginPlayer(knex, steamId, [...app.services.registrationSteps, failing]));
      assert.equal(await knex("players").where({ steam_id: steamId }).first(), undefined);
      assert.equal(await knex("player_decks").where({ player_id: steamId }).first(), undefined);
    });

    it("collection needs a token", async () => {
      assert.equal((await request(app.baseUrl, "GET", "/api/me/collection")).status, 401);
      const bad = await request(app.baseUrl, "GET", "/api/me/collection", { token: "not.a.jwt" });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.error.code, "invalid_token");
    });
  });
}
