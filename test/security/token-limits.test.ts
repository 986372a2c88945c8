import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import jwt from "jsonwebtoken";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, TEST_JWT_SECRET, type TestHttpApp } from "../helpers/test-app";

let counter = 0;
const nextSteamId = () => String(76561198730000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));
let ipCounter = 0;
const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** The limits count per fixed minute: a test that fills a window must not straddle two. */
async function startOfFreshWindowIfNear(marginMs = 5000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

for (const backend of testBackends()) {
  describe(`token route limits and access-token lifetime [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    before(async () => {
      app = await startTestHttpApp(backend, {
        STEAM_AUTH_MODE: "dev",
        TOKEN_RATE_LIMIT_PER_MINUTE: "8",
        TOKEN_FAMILY_RATE_LIMIT_PER_MINUTE: "3",
      });
    });
    after(async () => app?.close());

    const login = async (steamId: string, ip = freshIp()) =>
      (
        await request(app.baseUrl, "POST", "/auth/steam", {
          body: { ticket: `dev:${steamId}` },
          headers: { "x-forwarded-for": ip },
        })
      ).body;
    const post = (path: string, refreshToken: string, ip: string) =>
      request(app.baseUrl, "POST", path, { body: { refreshToken }, headers: { "x-forwarded-for": ip } });

    it("refresh is limited per token family: the 4th in a minute gets 429 with Retry-After, from any address", async () => {
      await startOfFreshWindowIfNear();
      let token = (await login(nextSteamId())).refreshToken as string;
      for (let i = 0; i < 3; i++) {
        const res = await post("/auth/refresh", token, freshIp());
        assert.equal(res.status, 200, JSON.stringify(res.body));
        token = res.body.refreshToken;
      }
      const limited = await post("/auth/refresh", token, freshIp());
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, "rate_limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      const row = await app.services.db
        .knex("refresh_tokens")
        .where({ token_hash: createHash("sha256").update(token).digest("hex") })
        .first("rotated_at");
      assert.equal(
        row.rotated_at,
        null,
        "the refused request did not rotate the token: it refreshes in the next window",
      );
      const other = await post("/auth/refresh", (await login(nextSteamId())).refreshToken, freshIp());
      assert.equal(other.status, 200, "another family is not limited");
    });

    it("refresh and logout are limited per address: past 8 in a minute, 429 with Retry-After, also for unknown tokens", async () => {
      await startOfFreshWindowIfNear();
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++)
        statuses.push((await post(i % 2 ? "/auth/logout" : "/auth/refresh", "x".repeat(43), ip)).status);
      assert.deepEqual(statuses, [401, 204, 401, 204, 401, 204, 401, 204]);
      for (const path of ["/auth/refresh", "/auth/logout"]) {
        const limited = await post(path, "x".repeat(43), ip);
        assert.equal(limited.status, 429, path);
        assert.ok(Number(limited.headers.get("retry-after")) >= 1);
      }
      assert.equal(
        (await post("/auth/refresh", "x".repeat(43), freshIp())).status,
        401,
        "another address is not limited",
      );
    });

    it("refuses an access token signed with our key whose lifetime exceeds ACCESS_TOKEN_TTL (401 token_lifetime_exceeded)", async () => {
      const steamId = nextSteamId();
      await login(steamId);
      const sign = (iat: number, exp: number) =>
        jwt.sign({ typ: "access", sub: steamId, iat, exp }, TEST_JWT_SECRET, {
          algorithm: "HS256",
          issuer: app.config.JWT_ISSUER,
        });
      const now = Math.floor(Date.now() / 1000);
      const me = (token: string) => request(app.baseUrl, "GET", "/me", { token });
      assert.equal((await me(sign(now, now + 900))).status, 200, "the configured lifetime passes");
      assert.equal((await me(sign(now - 10, now + 900 + 50))).status, 200, "within the clock skew");
      const tenYears = await me(sign(now, now + 10 * 365 * 86400));
      assert.equal(tenYears.status, 401);
      assert.equal(tenYears.body.error.code, "token_lifetime_exceeded");
      const future = await me(sign(now + 3600, now + 3600 + 900));
      assert.equal(future.status, 401, "issued in the future");
      assert.equal(future.body.error.code, "token_lifetime_exceeded");
      const noIat = jwt.sign({ typ: "access", sub: steamId, exp: now + 60 }, TEST_JWT_SECRET, {
        algorithm: "HS256",
        issuer: app.config.JWT_ISSUER,
        noTimestamp: true,
      });
      assert.equal((await me(noIat)).body.error.code, "invalid_token");
      assert.equal(
        app.services.accessTokens.verify(sign(now, now + 10 * 365 * 86400)),
        null,
        "rooms (verify) refuse it too",
      );
    });
  });
}
