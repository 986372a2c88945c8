import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createMatch, ENGINE_VERSION, forfeit, hash, STARTER_DECKS } from "../../src/game";
import { recordRatedMatch } from "../../src/battle/match-settlement";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { OPERATIONS } from "../../src/api";
import { testBackends } from "../helpers/backends";
import { request, type JsonResponse } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { API_TEST_ENV, insertMatch, insertRatedPlayer, newSteamId } from "./api-helpers";

interface Observed {
  method: string;
  template: string;
  status: number;
  body: unknown;
}

const LEGAL = (() => {
  const m = new Map<string, number>();
  for (const id of STARTER_DECKS[0].cards) m.set(id, (m.get(id) ?? 0) + 1);
  return [...m].map(([cardId, count]) => ({ cardId, count }));
})();

for (const backend of testBackends()) {
  describe(`/openapi.json matches real responses [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    let doc: any;
    const observed: Observed[] = [];

    async function call(
      method: string,
      template: string,
      options: {
        params?: Record<string, string>;
        query?: string;
        body?: unknown;
        rawBody?: string;
        token?: string;
        headers?: Record<string, string>;
      } = {},
    ): Promise<JsonResponse> {
      let path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(options.params![name]));
      if (options.query) path += `?${options.query}`;
      const res = await request(app.baseUrl, method, path, options);
      observed.push({ method: method.toLowerCase(), template, status: res.status, body: res.body });
      return res;
    }

    before(async () => {
      app = await startTestHttpApp(backend, API_TEST_ENV);
      const res = await request(app.baseUrl, "GET", "/openapi.json");
      assert.equal(res.status, 200);
      doc = res.body;
    });
    after(async () => {
      await app?.close();
    });

    it("is an OpenAPI 3.1 document naming every route, with a bearer scheme", () => {
      assert.equal(doc.openapi, "3.1.0");
      assert.deepEqual(doc.components.securitySchemes.bearer, { type: "http", scheme: "bearer", bearerFormat: "JWT" });
      for (const path of [
        "/health",
        "/auth/steam",
        "/auth/refresh",
        "/auth/logout",
        "/me",
        "/api/cards",
        "/api/me/decks/{id}",
        "/api/leaderboard",
      ]) {
        assert.ok(doc.paths[path], path);
      }
      const ids = OPERATIONS.map((op) => doc.paths[op.path][op.method].operationId);
      assert.equal(new Set(ids).size, ids.length, "operationIds are unique");
    });

    it("every documented status of every route answers with a body its schema accepts", async () => {
      const knex = app.services.db.knex;
      const steamId = newSteamId(4);
      const otherId = newSteamId(4);
      const login = await call("POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      const token: string = login.body.accessToken;
      const other = await call("POST", "/auth/steam", { body: { ticket: `dev:${otherId}` } });
      await call("POST", "/auth/steam", { body: { ticket: "" } });
      const refreshed = await call("POST", "/auth/refresh", { body: { refreshToken: other.body.refreshToken } });
      await call("POST", "/auth/refresh", { body: { refreshToken: other.body.refreshToken } }); // reused → 401
      await call("POST", "/auth/refresh", { body: {} });
      await call("POST", "/auth/logout", { body: { refreshToken: refreshed.body.refreshToken } });
      await call("POST", "/auth/logout", { body: { refreshToken: 7 } });
      await call("GET", "/me", { token });
      await call("GET", "/me");
      await call("GET", "/health");
      await call("GET", "/ready");
      await call("GET", "/openapi.json");
      await call("GET", "/protocol.json");

      const cards = await call("GET", "/api/cards");
      await call("GET", "/api/cards", { headers: { "if-none-match": cards.headers.get("etag")! } });
      await call("GET", "/api/me/collection", { token });
      await call("GET", "/api/me/collection");

      const decks = await call("GET", "/api/me/decks", { token });
      await call("GET", "/api/me/decks");
      const created = await call("POST", "/api/me/decks", { token, body: { name: "<b>Öpen</b> '; --", cards: LEGAL } });
      await call("POST", "/api/me/decks", { token, body: { name: "", cards: [] } });
      await call("POST", "/api/me/decks", { body: { name: "x", cards: LEGAL } });
      const id = created.body.id;
      await call("GET", "/api/me/decks/{id}", { token, params: { id } });
      await call("GET", "/api/me/decks/{id}", { token, params: { id: "nope" } });
      await call("GET", "/api/me/decks/{id}", { params: { id } });
      await call("PUT", "/api/me/decks/{id}", { token, params: { id }, body: { name: "Renamed", cards: LEGAL } });
      await call("PUT", "/api/me/decks/{id}", {
        token,
        params: { id },
        body: { name: "Renamed", cards: LEGAL.slice(1) },
      });
      await call("PUT", "/api/me/decks/{id}", {
        token,
        params: { id: randomUUID() },
        body: { name: "Renamed", cards: LEGAL },
      });
      await call("PUT", "/api/me/decks/{id}", { params: { id }, body: {} });
      await call("PUT", "/api/me/default-deck", { token, body: { deckId: id } });
      await call("PUT", "/api/me/default-deck", { token, body: {} });
      await call("PUT", "/api/me/default-deck", { token, body: { deckId: decks.body.decks[0].id.replace(/.$/, "x") } });
      await call("PUT", "/api/me/default-deck", { body: { deckId: id } });
      await call("DELETE", "/api/me/decks/{id}", { token, params: { id } });
      await call("DELETE", "/api/me/decks/{id}", { token, params: { id } });
      await call("DELETE", "/api/me/decks/{id}", { params: { id } });

      await call("GET", "/api/me", { token });
      await call("GET", "/api/me");
      await call("POST", "/api/challenges", { token });
      await call("POST", "/api/challenges");
      await call("GET", "/api/battles/live", { token });
      await call("GET", "/api/battles/live");
      await call("GET", "/api/me/settings", { token });
      await call("GET", "/api/me/settings");
      await call("PUT", "/api/me/settings", { token, body: { allowSpectators: false } });
      await call("PUT", "/api/me/settings", { token, body: { allowSpectators: 1 } });
      await call("PUT", "/api/me/settings", { body: { allowSpectators: true } });
      await knex("players").where({ steam_id: steamId }).delete();
      await call("GET", "/api/me", { token }); // the account is gone → 404
      await call("GET", "/api/me/settings", { token });
      await call("PUT", "/api/me/settings", { token, body: { allowSpectators: true } });
      await call("GET", "/me", { token });
      const fresh = await call("POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
      const token2: string = fresh.body.accessToken;

      const match = await insertMatch(knex, {
        a: steamId,
        b: otherId,
        winner: null,
        endedAt: new Date(Date.now() - 5000),
      });
      await insertMatch(knex, { a: otherId, b: steamId, winner: "b", endedAt: new Date() });
      const page = await call("GET", "/api/me/matches", { token: token2, query: "limit=1" });
      await call("GET", "/api/me/matches", { token: token2, query: `cursor=${page.body.nextCursor}` });
      await call("GET", "/api/me/matches", { token: token2, query: "limit=-1" });
      await call("GET", "/api/me/matches");
      await call("GET", "/api/matches/{id}", { token: token2, params: { id: match.id } });
      await call("GET", "/api/matches/{id}", { token: token2, params: { id: randomUUID() } });
      await call("GET", "/api/matches/{id}", { params: { id: match.id } });

      // A recorded match in the battle room's format, so its replay can be fetched.
      const starterCards = STARTER_DECKS.map((d) => d.cards);
      const final = forfeit(createMatch({ seed: "openapi", decks: starterCards }), 0, "concede").state;
      const recordedId = randomUUID();
      await recordRatedMatch(knex, {
        matchId: recordedId,
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        endedAt: new Date().toISOString(),
        endReason: "concede",
        winnerSeat: 1,
        engineVersion: ENGINE_VERSION,
        seed: "openapi",
        firstSeat: final.first,
        intentLog: [],
        forfeit: { seat: 0, reason: "concede" },
        seats: [
          { steamId, deckId: randomUUID(), deck: starterCards[0] },
          { steamId: otherId, deckId: randomUUID(), deck: starterCards[1] },
        ],
        finalHash: hash(final),
      });
      const stranger = await call("POST", "/auth/steam", { body: { ticket: `dev:${newSteamId(4)}` } });
      await call("GET", "/matches/{id}/replay", { token: token2, params: { id: recordedId } });
      await call("GET", "/matches/{id}/replay", { token: stranger.body.accessToken, params: { id: recordedId } });
      await call("GET", "/matches/{id}/replay", { params: { id: recordedId } });

      for (let i = 0; i < 3; i++)
        await insertRatedPlayer(knex, newSteamId(4), { rating: 1700 + i, rating_deviation: 70, games: 20 });
      const board = await call("GET", "/api/leaderboard", { token: token2, query: "limit=2" });
      await call("GET", "/api/leaderboard", { token: token2, query: `limit=2&cursor=${board.body.nextCursor}` });
      await call("GET", "/api/leaderboard", { token: token2, query: "cursor=%%%" });
      await call("GET", "/api/leaderboard");
      await call("GET", "/api/leaderboard", { token: token2, query: "season=current&limit=2" });
      await call("GET", "/api/leaderboard", { token: token2, query: "season=999" });
      await call("GET", "/api/leaderboard", { token: token2, query: "season=abc" });
      await call("GET", "/api/players/{steamId}", { token: token2, params: { steamId: otherId } });
      await call("GET", "/api/players/{steamId}", { token: token2, params: { steamId: "42" } });
      await call("GET", "/api/players/{steamId}", { token: token2, params: { steamId: newSteamId(4) } });
      await call("GET", "/api/players/{steamId}", { params: { steamId: otherId } });

      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ $id: "https://openapi.local/doc", components: doc.components });
      const problems: string[] = [];
      for (const o of observed) {
        const operation = doc.paths[o.template]?.[o.method];
        assert.ok(operation, `${o.method} ${o.template} is not documented`);
        const documented = operation.responses[String(o.status)];
        if (!documented) {
          problems.push(
            `${o.method} ${o.template} answered ${o.status}, which is not documented: ${JSON.stringify(o.body)}`,
          );
          continue;
        }
        const schema = documented.content?.["application/json"]?.schema;
        if (!schema) {
          if (o.body !== null) problems.push(`${o.method} ${o.template} ${o.status} should have no body`);
          continue;
        }
        const absolute = (s: { $ref?: string }) => (s.$ref ? { $ref: `https://openapi.local/doc${s.$ref}` } : s);
        const validate = ajv.compile(schema.oneOf ? { oneOf: schema.oneOf.map(absolute) } : absolute(schema));
        if (!validate(o.body)) {
          problems.push(
            `${o.method} ${o.template} ${o.status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(o.body).slice(0, 300)}`,
          );
        }
      }
      assert.deepEqual(problems, []);

      // Every documented (route, status) pair was exercised, except ones a dev-mode server cannot produce.
      const unreachable = new Set([
        "post /auth/steam 401",
        "post /auth/steam 403",
        "post /auth/steam 429",
        "post /auth/steam 503",
        "post /auth/refresh 403",
        "post /auth/refresh 429",
        "post /auth/logout 429", // test/security/token-limits.test.ts
        "get /ready 503", // needs a database outage: test/battle/result-outbox.test.ts cuts one and checks /ready there
      ]);
      const seen = new Set(observed.map((o) => `${o.method} ${o.template} ${o.status}`));
      const missing = OPERATIONS.flatMap((op) =>
        Object.keys(op.responses).map((status) => `${op.method} ${op.path} ${status}`),
      ).filter((key) => !seen.has(key) && !unreachable.has(key));
      assert.deepEqual(missing, []);
    });
  });
}
