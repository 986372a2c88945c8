import assert from "node:assert/strict";
import { banPlayer, unbanPlayer } from "../../src/auth/ban-admin";
import { banLog } from "../../src/db/player-bans";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { waitFor } from "../helpers/wait";

let counter = 0;
const nextSteamId = () => String(76561198710000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

for (const backend of testBackends()) {
  describe(`bans and revoked sessions on live access tokens [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    before(async () => {
      app = await startTestHttpApp(backend, { STEAM_AUTH_MODE: "dev" });
    });
    after(async () => app?.close());

    const login = (steamId: string) =>
      request(app.baseUrl, "POST", "/auth/steam", { body: { ticket: `dev:${steamId}` } });
    const refresh = (refreshToken: string) => request(app.baseUrl, "POST", "/auth/refresh", { body: { refreshToken } });
    const decks = (token: string) => request(app.baseUrl, "GET", "/api/me/decks", { token });
    // The same code as `npm run admin -- ban`, announcing through this process's ban list (its channel).
    const publish = (event: Parameters<TestHttpApp["services"]["banList"]["publish"]>[0]) =>
      app.services.banList.publish(event);

    it("a ban stops an existing access token within 5 s (403 banned), refuses refresh and login; unban lets the player back", async () => {
      const steamId = nextSteamId();
      const bystander = nextSteamId();
      const session = (await login(steamId)).body;
      const other = (await login(bystander)).body;
      assert.equal((await decks(session.accessToken)).status, 200);

      const bannedAt = Date.now();
      await banPlayer(app.services.db.knex, publish, {
        steamId,
        until: new Date(Date.now() + 3_600_000),
        reason: "wall hack",
        by: "test",
      });
      const refused = await waitFor(
        async () => {
          const res = await decks(session.accessToken);
          return res.status === 403 ? res : null;
        },
        "the ban to reach REST",
        5000,
      );
      assert.ok(Date.now() - bannedAt <= 5000);
      assert.equal(refused.body.error.code, "banned");
      assert.equal(refused.body.error.reason, "wall hack");
      assert.equal((await request(app.baseUrl, "GET", "/me", { token: session.accessToken })).status, 403);
      assert.equal((await decks(other.accessToken)).status, 200, "another player is untouched");

      const again = await refresh(session.refreshToken);
      assert.equal(again.status, 401, "the ban revoked every refresh token");
      const relogin = await login(steamId);
      assert.equal(relogin.status, 403);
      assert.equal(relogin.body.error.code, "banned");

      await unbanPlayer(app.services.db.knex, publish, { steamId, reason: "appeal accepted", by: "test" });
      const back = await login(steamId);
      assert.equal(back.status, 200);
      assert.equal((await decks(back.body.accessToken)).status, 200);
      const log = await banLog(app.services.db.knex, steamId);
      assert.deepEqual(
        log.map((e) => [e.kind, e.reason, e.createdBy, e.permanent]),
        [
          ["ban", "wall hack", "test", false],
          ["unban", "appeal accepted", "test", false],
        ],
      );
    });

    it("a permanent ban says so; a ban of a SteamID that never logged in here is kept and refuses its first login", async () => {
      const steamId = nextSteamId();
      await banPlayer(app.services.db.knex, publish, { steamId, until: null, reason: "chargeback fraud", by: "test" });
      const res = await login(steamId);
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, "banned");
      assert.equal(res.body.error.permanent, true);
      assert.equal(res.body.error.bannedUntil, null);
      assert.equal(
        (await app.services.db.knex("players").where({ steam_id: steamId })).length,
        0,
        "no player row was made",
      );
    });

    it("a reused refresh token stops every access token of its family within 5 s (401 session_revoked); other logins go on", async () => {
      const steamId = nextSteamId();
      const first = (await login(steamId)).body;
      const secondDevice = (await login(steamId)).body;
      const rotated = await refresh(first.refreshToken);
      assert.equal(rotated.status, 200);
      assert.equal((await decks(rotated.body.accessToken)).status, 200);

      const replay = await refresh(first.refreshToken);
      assert.equal(replay.body.error.code, "refresh_reused");
      for (const token of [first.accessToken, rotated.body.accessToken]) {
        const res = await waitFor(
          async () => {
            const r = await decks(token);
            return r.status === 401 ? r : null;
          },
          "the family revocation to reach REST",
          5000,
        );
        assert.equal(res.body.error.code, "session_revoked");
      }
      assert.equal((await decks(secondDevice.accessToken)).status, 200, "the other device's family is untouched");
    });

    it("logout ends the access tokens of its family too", async () => {
      const session = (await login(nextSteamId())).body;
      assert.equal(
        (await request(app.baseUrl, "POST", "/auth/logout", { body: { refreshToken: session.refreshToken } })).status,
        204,
      );
      const res = await waitFor(
        async () => {
          const r = await decks(session.accessToken);
          return r.status === 401 ? r : null;
        },
        "logout to reach REST",
        5000,
      );
      assert.equal(res.body.error.code, "session_revoked");
    });

    it("a ban written straight into SQL (the old way) reaches live tokens at the next reload of the list", async () => {
      const steamId = nextSteamId();
      const session = (await login(steamId)).body;
      await app.services.db
        .knex("players")
        .where({ steam_id: steamId })
        .update({ banned_until: new Date(Date.now() + 60_000), ban_reason: "sql" });
      assert.equal((await decks(session.accessToken)).status, 200, "not yet: nothing announced it");
      await app.services.banList.reload();
      assert.equal((await decks(session.accessToken)).status, 403);
    });
  });
}
