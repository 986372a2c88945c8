import assert from "node:assert/strict";
import jwt from "jsonwebtoken";
import { gzipSync } from "node:zlib";

const gzip = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(text));
import { startSteamStub, type IssueTicketOptions, type SteamStub } from "../../src/tools/steam-stub";
import { SteamLogin } from "../../src/auth/steam-login";
import { TicketReplayGuard } from "../../src/auth/ticket-replay-guard";
import { loginPlayer } from "../../src/db/players";
import { MemoryStore } from "../../src/store/memory-store";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, TEST_JWT_SECRET, type TestHttpApp } from "../helpers/test-app";

const APP_ID = 480;
const API_KEY = "stub-publisher-key";
let idCounter = 0;
/** Valid individual SteamID64s, distinct per call within the run. */
function nextSteamId(): string {
  return String(76561198000000000n + BigInt(process.pid % 1000) * 100000n + BigInt(++idCounter));
}
/** The login rate limit counts per fixed minute: a test that fills a window must not straddle two. */
async function startOfFreshWindowIfNear(marginMs = 3000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
let ipCounter = 0;
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

for (const backend of testBackends()) {
  describe(`auth routes [${backend.name}]`, function () {
    this.timeout(30_000);
    let stub: SteamStub;
    let app: TestHttpApp;

    /** The server sends STEAM_IDENTITY=card-backend: only tickets minted for it validate. */
    const issue = (steamId: string, options: IssueTicketOptions = {}) =>
      stub.issueTicket(steamId, { identity: "card-backend", ...options });
    const login = (ticket: unknown, ip = freshIp()) =>
      request(app.baseUrl, "POST", "/auth/steam", { body: { ticket }, headers: { "x-forwarded-for": ip } });

    before(async () => {
      stub = await startSteamStub({ apiKey: API_KEY, appId: APP_ID });
      app = await startTestHttpApp(backend, {
        STEAM_AUTH_MODE: "webapi",
        STEAM_WEB_API_KEY: API_KEY,
        STEAM_APP_ID: String(APP_ID),
        STEAM_IDENTITY: "card-backend",
        STEAM_API_BASE: stub.url,
        STEAM_TIMEOUT_MS: "400",
        LOGIN_RATE_LIMIT_PER_MINUTE: "5",
      });
    });
    after(async () => {
      await app?.close();
      await stub?.close();
    });
    beforeEach(() => stub.setMode({ kind: "normal" }));

    it("logs in with a Steam ticket, registers the player once, and issues tokens", async () => {
      const steamId = nextSteamId();
      const first = await login(issue(steamId, { identity: "card-backend" }));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.player.steamId, steamId);
      assert.equal(first.body.player.isNew, true);
      assert.equal(typeof first.body.player.personaName, "string");
      assert.ok(!Number.isNaN(Date.parse(first.body.player.createdAt)));
      assert.equal(first.body.expiresIn, 900);
      const claims = jwt.verify(first.body.accessToken, TEST_JWT_SECRET, { algorithms: ["HS256"] }) as jwt.JwtPayload;
      assert.equal(claims.sub, steamId);
      assert.equal(claims.iss, app.config.JWT_ISSUER);
      assert.ok(typeof claims.exp === "number");
      assert.ok(first.body.refreshToken.length >= 32);

      const second = await login(issue(steamId, { identity: "card-backend" }));
      assert.equal(second.status, 200);
      assert.equal(second.body.player.isNew, false);
      assert.equal(second.body.player.createdAt, first.body.player.createdAt);

      const knex = app.services.db.knex;
      const players = await knex("players").where({ steam_id: steamId }).count({ n: "*" });
      assert.equal(Number(players[0].n), 1);
      const profile = await knex("player_profiles").where({ player_id: steamId }).first();
      assert.equal(Number(profile.rating), 1500);
      assert.equal(Number(profile.rating_deviation), 350);
      assert.equal(Number(profile.volatility), 0.06);
    });

    it("sends appid, identity and the key to Steam, and takes the SteamID only from Steam's answer", async () => {
      const steamId = nextSteamId();
      const ticket = issue(steamId);
      const res = await login(ticket);
      assert.equal(res.status, 200);
      const seen = stub.requests[stub.requests.length - 1];
      assert.equal(seen.appid, String(APP_ID));
      assert.equal(seen.identity, "card-backend");
      assert.equal(seen.ticket, ticket);
      assert.equal(seen.keySource, "header");
      assert.ok(!seen.queryKeys.includes("key"), "the key must not travel in the URL");
      assert.equal(res.body.player.steamId, steamId);
    });

    it("accepts a family-shared login as the borrower, not the owner", async () => {
      const borrower = nextSteamId();
      const owner = nextSteamId();
      const res = await login(issue(borrower, { ownerSteamId: owner }));
      assert.equal(res.status, 200);
      assert.equal(res.body.player.steamId, borrower);
    });

    for (const [ticket, why] of [
      ["", "empty"],
      ["xyz123", "not hex"],
      ["abc", "odd length"],
      ["ab".repeat(2561), "longer than 5120"],
      [12345, "not a string"],
      ["dev:76561198000000001", "dev ticket outside dev mode"],
    ] as const) {
      it(`answers 400 invalid_ticket for a ticket that is ${why}, without calling Steam`, async () => {
        const calls = stub.calls;
        const res = await login(ticket);
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, "invalid_ticket");
        assert.equal(typeof res.body.error.message, "string");
        assert.equal(stub.calls, calls);
      });
    }

    it("answers 400 for a missing body or invalid JSON", async () => {
      const missing = await request(app.baseUrl, "POST", "/auth/steam", { headers: { "x-forwarded-for": freshIp() } });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error.code, "invalid_ticket");
      const broken = await request(app.baseUrl, "POST", "/auth/steam", {
        rawBody: "{nope",
        headers: { "x-forwarded-for": freshIp() },
      });
      assert.equal(broken.status, 400);
      assert.equal(broken.body.error.code, "invalid_json");
    });

    for (const [errorcode, errordesc] of [
      [3, "Invalid parameter"],
      [101, "Invalid ticket"],
      [102, "Ticket for other app"],
    ] as const) {
      it(`answers 401 steam_rejected with Steam's code ${errorcode}`, async () => {
        stub.setMode({ kind: "error", errorcode, errordesc });
        const res = await login(issue(nextSteamId()));
        assert.equal(res.status, 401);
        assert.equal(res.body.error.code, "steam_rejected");
        assert.equal(res.body.error.steamCode, errorcode);
      });
    }

    it("answers 401 steam_rejected for a ticket Steam does not know", async () => {
      const res = await login("deadbeef".repeat(16));
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, "steam_rejected");
      assert.equal(res.body.error.steamCode, 101);
    });

    it("rejects an invalid SteamID in Steam's answer", async () => {
      stub.setMode({ kind: "bad_steamid", steamid: "12345" });
      const res = await login(issue(nextSteamId()));
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, "steam_rejected");
    });

    it("answers 403 banned for VAC- and publisher-banned players, and creates no player", async () => {
      const vac = nextSteamId();
      const publisher = nextSteamId();
      const a = await login(issue(vac, { vacBanned: true }));
      const b = await login(issue(publisher, { publisherBanned: true }));
      assert.equal(a.status, 403);
      assert.equal(a.body.error.code, "banned");
      assert.equal(b.status, 403);
      assert.equal(b.body.error.code, "banned");
      const rows = await app.services.db.knex("players").whereIn("steam_id", [vac, publisher]);
      assert.equal(rows.length, 0);
    });

    it("lets VAC-banned players in when STEAM_REJECT_VAC_BANNED=false", async () => {
      const lenient = new SteamLogin({
        knex: app.services.db.knex,
        mode: "webapi",
        steam: (await import("../../src/auth/steam-client")).createSteamClient({
          apiBase: stub.url,
          apiKey: API_KEY,
          appId: APP_ID,
          identity: "card-backend",
        }),
        rejectVacBanned: false,
        replayGuard: new TicketReplayGuard(new MemoryStore(), 60_000),
        accessTokens: app.services.accessTokens,
        refreshTokens: app.services.refreshTokens,
        registrationSteps: [],
      });
      const steamId = nextSteamId();
      const res = await lenient.login(issue(steamId, { vacBanned: true }));
      assert.equal(res.player.steamId, steamId);
    });

    it("keeps a ticket usable after our own side failed to log the player in", async () => {
      let failures = 1;
      const flaky = new SteamLogin({
        knex: app.services.db.knex,
        mode: "webapi",
        steam: (await import("../../src/auth/steam-client")).createSteamClient({
          apiBase: stub.url,
          apiKey: API_KEY,
          appId: APP_ID,
          identity: "card-backend",
        }),
        rejectVacBanned: true,
        replayGuard: new TicketReplayGuard(new MemoryStore(), 60_000),
        accessTokens: app.services.accessTokens,
        refreshTokens: app.services.refreshTokens,
        registrationSteps: [
          async () => {
            if (failures-- > 0) throw new Error("database hiccup");
          },
        ],
      });
      const steamId = nextSteamId();
      const ticket = issue(steamId);
      await assert.rejects(flaky.login(ticket), /database hiccup/);
      assert.equal((await flaky.login(ticket)).player.steamId, steamId);
      await assert.rejects(flaky.login(ticket), (err: { code?: string }) => err.code === "ticket_replayed");
    });

    it("answers 403 banned for a player banned in our own table", async () => {
      const steamId = nextSteamId();
      assert.equal((await login(issue(steamId))).status, 200);
      await app.services.db
        .knex("players")
        .where({ steam_id: steamId })
        .update({ banned_until: new Date(Date.now() + 86_400_000), ban_reason: "cheating" });
      const res = await login(issue(steamId));
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, "banned");
      assert.equal(res.body.error.reason, "cheating");
    });

    it("answers 401 ticket_replayed for the same ticket a second time", async () => {
      const ticket = issue(nextSteamId());
      assert.equal((await login(ticket)).status, 200);
      const calls = stub.calls;
      const again = await login(ticket);
      assert.equal(again.status, 401);
      assert.equal(again.body.error.code, "ticket_replayed");
      assert.equal(stub.calls, calls, "a replay is refused before Steam is asked");
    });

    it("lets exactly one of two concurrent uses of one ticket through", async () => {
      const ticket = issue(nextSteamId());
      const calls = stub.calls;
      const results = await Promise.all([login(ticket), login(ticket), login(ticket)]);
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 401, 401]);
      assert.deepEqual(
        results.filter((r) => r.status === 401).map((r) => r.body.error.code),
        ["ticket_replayed", "ticket_replayed"],
      );
      assert.equal(stub.calls, calls + 1, "the ticket is claimed before Steam is asked, so Steam is asked once");
    });

    for (const [mode, label] of [
      [{ kind: "status", status: 500 }, "a 500"],
      [{ kind: "status", status: 502 }, "a 502"],
      [{ kind: "status", status: 429, retryAfter: 42 }, "a 429"],
      [{ kind: "hang" }, "a timeout"],
      [{ kind: "garbage" }, "an unparseable body"],
    ] as const) {
      it(`answers 503 steam_unavailable with Retry-After on ${label}`, async () => {
        stub.setMode(mode);
        const res = await login(issue(nextSteamId()));
        assert.equal(res.status, 503);
        assert.equal(res.body.error.code, "steam_unavailable");
        const retryAfter = Number(res.headers.get("retry-after"));
        assert.ok(retryAfter >= 1, "Retry-After must be a positive number of seconds");
        if (mode.kind === "status" && mode.status === 429) assert.equal(retryAfter, 42);
      });
    }

    it("keeps a ticket usable after Steam was unavailable for it", async () => {
      const ticket = issue(nextSteamId());
      stub.setMode({ kind: "status", status: 503 });
      assert.equal((await login(ticket)).status, 503);
      stub.setMode({ kind: "normal" });
      assert.equal((await login(ticket)).status, 200);
    });

    it("answers 429 rate_limited past the configured logins per IP per minute", async () => {
      await startOfFreshWindowIfNear();
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await login("zz", ip)).status);
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429, 429]);
      const ticket = issue(nextSteamId());
      const limited = await login(ticket, ip);
      assert.equal(limited.body.error.code, "rate_limited");
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);
      assert.equal(
        (await login(ticket, freshIp())).status,
        200,
        "other IPs are unaffected, and a rate-limited ticket stays usable",
      );
    });

    it("registers exactly one player under concurrent first logins of one SteamID", async () => {
      const steamId = nextSteamId();
      const results = await Promise.all(Array.from({ length: 12 }, () => login(issue(steamId))));
      assert.ok(
        results.every((r) => r.status === 200),
        JSON.stringify(results.map((r) => r.body)),
      );
      assert.equal(results.filter((r) => r.body.player.isNew).length, 1);
      const knex = app.services.db.knex;
      assert.equal(Number((await knex("players").where({ steam_id: steamId }).count({ n: "*" }))[0].n), 1);
      assert.equal(Number((await knex("player_profiles").where({ player_id: steamId }).count({ n: "*" }))[0].n), 1);
    });

    it("registers in one transaction: a failing registration step leaves no player behind", async () => {
      const steamId = nextSteamId();
      const knex = app.services.db.knex;
      await assert.rejects(
        loginPlayer(knex, steamId, [
          async () => {
            throw new Error("boom");
          },
        ]),
        /boom/,
      );
      assert.equal((await knex("players").where({ steam_id: steamId })).length, 0);
      assert.equal((await knex("player_profiles").where({ player_id: steamId })).length, 0);
    });

    describe("served ahead of Express, and by Express for other forms of the request", () => {
      const post = async (path: string, headers: Record<string, string>, body: string | Uint8Array<ArrayBuffer>) => {
        const res = await fetch(app.baseUrl + path, {
          method: "POST",
          headers: { "x-forwarded-for": freshIp(), ...headers },
          body,
        });
        const text = await res.text();
        return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
      };
      const ticketBody = (steamId: string) => JSON.stringify({ ticket: issue(steamId, { identity: "card-backend" }) });

      it("answers a plain JSON login (fast path) exactly as Express answers another form of it", async () => {
        const steamId = nextSteamId();
        const fast = await post(
          "/auth/steam?client=1",
          { "content-type": "application/json; charset=UTF-8" },
          ticketBody(steamId),
        );
        assert.equal(fast.status, 200, JSON.stringify(fast.body));
        assert.equal(fast.headers.get("content-type"), "application/json; charset=utf-8");
        // A trailing slash is not the fast path's exact path: Express serves it, through the same route.
        const viaExpress = await post("/auth/steam/", { "content-type": "application/json" }, ticketBody(steamId));
        assert.equal(viaExpress.status, 200, JSON.stringify(viaExpress.body));
        assert.deepEqual(Object.keys(viaExpress.body).sort(), Object.keys(fast.body).sort());
        assert.deepEqual({ ...viaExpress.body.player, isNew: "?" }, { ...fast.body.player, isNew: "?" });
        assert.deepEqual([fast.body.player.isNew, viaExpress.body.player.isNew], [true, false]);
      });

      it("hands a compressed body to Express, which logs in the same way", async () => {
        const steamId = nextSteamId();
        const res = await post(
          "/auth/steam",
          { "content-type": "application/json", "content-encoding": "gzip" },
          gzip(ticketBody(steamId)),
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.player.steamId, steamId);
      });

      it("refuses bad bodies alike on both paths", async () => {
        for (const [path, encoding] of [
          ["/auth/steam", "identity"],
          ["/auth/steam", "gzip"],
          ["/auth/steam/", "identity"],
        ] as const) {
          const encode = (text: string) => (encoding === "gzip" ? gzip(text) : text);
          const headers = { "content-type": "application/json", "content-encoding": encoding };
          for (const text of ["{nope", '"just a string"', "42", "null"]) {
            const res = await post(path, headers, encode(text));
            assert.equal(res.status, 400, `${path} ${encoding} ${text}`);
            assert.equal(res.body.error.code, "invalid_json", `${path} ${encoding} ${text}`);
          }
          for (const text of ["", "{}", "[]", '{"ticket":7}']) {
            const res = await post(path, headers, encode(text));
            assert.equal(res.status, 400, `${path} ${encoding} ${text}`);
            assert.equal(res.body.error.code, "invalid_ticket", `${path} ${encoding} ${text}`);
          }
          const notJson = await post(
            path,
            { "content-type": "text/plain", "content-encoding": encoding },
            encode(ticketBody(nextSteamId())),
          );
          assert.equal(notJson.status, 400);
          assert.equal(notJson.body.error.code, "invalid_ticket");
        }
        const tooLarge = await post(
          "/auth/steam",
          { "content-type": "application/json" },
          JSON.stringify({ ticket: "ab", pad: "x".repeat(20_000) }),
        );
        assert.equal(tooLarge.status, 413);
        assert.equal(tooLarge.body.error.code, "payload_too_large");
      });

      it("counts the rate limit per client address as Express would (TRUST_PROXY=loopback honours X-Forwarded-For)", async () => {
        await startOfFreshWindowIfNear();
        const ip = freshIp();
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          // Alternate the fast path and Express: both count against the same address.
          const path = i % 2 === 0 ? "/auth/steam" : "/auth/steam/";
          statuses.push(
            (await post(path, { "content-type": "application/json", "x-forwarded-for": ip }, ticketBody(nextSteamId())))
              .status,
          );
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
        const otherAddress = await post(
          "/auth/steam",
          { "content-type": "application/json" },
          ticketBody(nextSteamId()),
        );
        assert.equal(otherAddress.status, 200);
      });
    });

    describe("refresh and logout", () => {
      async function freshLogin() {
        const res = await login(issue(nextSteamId()));
        assert.equal(res.status, 200);
        return res.body as { accessToken: string; refreshToken: string; player: { steamId: string } };
      }
      const refresh = (refreshToken: unknown) =>
        request(app.baseUrl, "POST", "/auth/refresh", { body: { refreshToken } });

      it("rotates the refresh token on each use", async () => {
        const first = await freshLogin();
        const r1 = await refresh(first.refreshToken);
        assert.equal(r1.status, 200);
        assert.notEqual(r1.body.refreshToken, first.refreshToken);
        assert.equal(r1.body.player.steamId, first.player.steamId);
        assert.equal(r1.body.expiresIn, 900);
        const me = await request(app.baseUrl, "GET", "/me", { token: r1.body.accessToken });
        assert.equal(me.status, 200);
        const r2 = await refresh(r1.body.refreshToken);
        assert.equal(r2.status, 200);
      });

      it("revokes the whole family when a rotated token is presented again", async () => {
        const first = await freshLogin();
        const r1 = await refresh(first.refreshToken);
        const reuse = await refresh(first.refreshToken);
        assert.equal(reuse.status, 401);
        assert.equal(reuse.body.error.code, "refresh_reused");
        const afterTheft = await refresh(r1.body.refreshToken);
        assert.equal(afterTheft.status, 401);
        assert.equal(afterTheft.body.error.code, "invalid_refresh_token");
      });

      it("stores refresh tokens only as hashes", async () => {
        const first = await freshLogin();
        const rows = await app.services.db.knex("refresh_tokens").where({ token_hash: first.refreshToken });
        assert.equal(rows.length, 0);
        const all = await app.services.db.knex("refresh_tokens").select("token_hash").limit(1000);
        assert.ok(all.every((r: { token_hash: string }) => /^[0-9a-f]{64}$/.test(r.token_hash)));
      });

      it("refuses unknown, malformed and missing refresh tokens", async () => {
        const unknown = await refresh("x".repeat(43));
        assert.equal(unknown.status, 401);
        assert.equal(unknown.body.error.code, "invalid_refresh_token");
        const malformed = await refresh(42);
        assert.equal(malformed.status, 400);
        const missing = await request(app.baseUrl, "POST", "/auth/refresh", { body: {} });
        assert.equal(missing.status, 400);
        assert.equal(missing.body.error.code, "invalid_request");
      });

      it("logout answers 204 and revokes the family", async () => {
        const first = await freshLogin();
        const r1 = await refresh(first.refreshToken);
        const out = await request(app.baseUrl, "POST", "/auth/logout", {
          body: { refreshToken: r1.body.refreshToken },
        });
        assert.equal(out.status, 204);
        const after = await refresh(r1.body.refreshToken);
        assert.equal(after.status, 401);
      });

      it("refuses to refresh for a player banned since login", async () => {
        const first = await freshLogin();
        await app.services.db
          .knex("players")
          .where({ steam_id: first.player.steamId })
          .update({ banned_until: new Date(Date.now() + 60_000) });
        const res = await refresh(first.refreshToken);
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, "banned");
      });
    });

    describe("GET /me and JWT attacks", () => {
      let steamId: string;
      let accessToken: string;
      before(async () => {
        steamId = nextSteamId();
        const res = await login(issue(steamId));
        accessToken = res.body.accessToken;
      });
      const me = (token?: string, headers: Record<string, string> = {}) =>
        request(app.baseUrl, "GET", "/me", { token, headers });

      it("returns the player's profile for a valid access token, as GET /api/me does", async () => {
        const res = await me(accessToken);
        assert.equal(res.status, 200);
        assert.equal(res.body.steamId, steamId);
        assert.equal(res.body.rating, 1500);
        assert.equal(res.body.games, 0);
        const api = await request(app.baseUrl, "GET", "/api/me", { token: accessToken });
        assert.deepEqual(res.body, api.body);
      });

      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const attacks: Array<[string, () => string]> = [
        ["no token", () => ""],
        [
          "alg none",
          () =>
            `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: steamId, iss: app.config.JWT_ISSUER, typ: "access", exp: Math.floor(Date.now() / 1000) + 600 })}.`,
        ],
        [
          "a wrong key",
          () =>
            jwt.sign({ typ: "access" }, "another-secret-of-sufficient-length-000", {
              subject: steamId,
              issuer: app.config.JWT_ISSUER,
              expiresIn: 600,
            }),
        ],
        [
          "an expired token",
          () =>
            jwt.sign({ typ: "access", exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, {
              subject: steamId,
              issuer: app.config.JWT_ISSUER,
            }),
        ],
        [
          "HS512 instead of HS256",
          () =>
            jwt.sign({ typ: "access" }, TEST_JWT_SECRET, {
              algorithm: "HS512",
              subject: steamId,
              issuer: app.config.JWT_ISSUER,
              expiresIn: 600,
            }),
        ],
        [
          "another issuer",
          () =>
            jwt.sign({ typ: "access" }, TEST_JWT_SECRET, { subject: steamId, issuer: "someone-else", expiresIn: 600 }),
        ],
        [
          "a numeric subject",
          () =>
            // biome-ignore lint/correctness/noPrecisionLoss: a numeric SteamID loses precision, which is the point
            jwt.sign({ typ: "access", sub: 76561198000000001 }, TEST_JWT_SECRET, {
              issuer: app.config.JWT_ISSUER,
              expiresIn: 600,
            }),
        ],
        [
          "a token without expiry",
          () => jwt.sign({ typ: "access" }, TEST_JWT_SECRET, { subject: steamId, issuer: app.config.JWT_ISSUER }),
        ],
        [
          "a tampered payload",
          () => {
            const [h, , s] = accessToken.split(".");
            return `${h}.${b64({ sub: "76561198999999999", iss: app.config.JWT_ISSUER, typ: "access", exp: Math.floor(Date.now() / 1000) + 600 })}.${s}`;
          },
        ],
      ];
      for (const [label, forge] of attacks) {
        it(`answers 401 for ${label}`, async () => {
          const token = forge();
          const res = token ? await me(token) : await me();
          assert.equal(res.status, 401);
          assert.ok(["unauthorized", "invalid_token"].includes(res.body.error.code));
        });
      }

      it("answers 401 for a non-Bearer authorization header", async () => {
        const res = await me(undefined, { authorization: `Basic ${accessToken}` });
        assert.equal(res.status, 401);
      });
    });
  });
}

describe("auth routes in dev mode [embedded]", function () {
  this.timeout(30_000);
  let app: TestHttpApp;
  before(async () => {
    const { embeddedBackend } = await import("../helpers/backends");
    app = await startTestHttpApp(embeddedBackend, { STEAM_AUTH_MODE: "dev" });
  });
  after(async () => app?.close());

  it("logs in with dev:<SteamID64> without Steam", async () => {
    const res = await request(app.baseUrl, "POST", "/auth/steam", { body: { ticket: "dev:76561198000000042" } });
    assert.equal(res.status, 200);
    assert.equal(res.body.player.steamId, "76561198000000042");
  });

  it("refuses a dev ticket with an invalid SteamID", async () => {
    const res = await request(app.baseUrl, "POST", "/auth/steam", { body: { ticket: "dev:12345678901234567" } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "invalid_ticket");
  });
});
