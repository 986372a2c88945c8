import assert from "node:assert/strict";
import { banPlayer } from "../../src/auth/ban-admin";
import { startSteamStub, type IssueTicketOptions, type SteamStub } from "../../src/tools/steam-stub";
import { findOwnerSteamId } from "../../src/db/player-owners";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { waitFor } from "../helpers/wait";

const API_KEY = "stub-publisher-key";
const IDENTITY = "card-backend";
let counter = 0;
const nextSteamId = () => String(76561198720000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++counter));

for (const backend of testBackends()) {
  describe(`Steam licences: Family Sharing, owner bans, VAC and publisher bans, identity [${backend.name}]`, function () {
    this.timeout(60_000);
    let stub: SteamStub;
    const apps: TestHttpApp[] = [];

    async function server(env: Record<string, string> = {}): Promise<TestHttpApp> {
      const app = await startTestHttpApp(backend, {
        STEAM_AUTH_MODE: "webapi",
        STEAM_WEB_API_KEY: API_KEY,
        STEAM_APP_ID: "480",
        STEAM_IDENTITY: IDENTITY,
        STEAM_API_BASE: stub.url,
        ...env,
      });
      apps.push(app);
      return app;
    }
    const issue = (steamId: string, options: IssueTicketOptions = {}) =>
      stub.issueTicket(steamId, { identity: IDENTITY, ...options });
    const login = (app: TestHttpApp, ticket: string) =>
      request(app.baseUrl, "POST", "/auth/steam", { body: { ticket } });

    let app: TestHttpApp;
    before(async () => {
      stub = await startSteamStub({ apiKey: API_KEY });
      app = await server();
    });
    after(async () => {
      for (const a of apps) await a.close();
      await stub?.close();
    });

    it("records the licence owner of each login, and clears it back when the player logs in on their own licence", async () => {
      const borrower = nextSteamId();
      const owner = nextSteamId();
      assert.equal((await login(app, issue(borrower, { ownerSteamId: owner }))).status, 200);
      await app.services.steamLogin.ownerRecorder.settled();
      assert.equal(await findOwnerSteamId(app.services.db.knex, borrower), owner);
      assert.equal((await login(app, issue(borrower))).status, 200);
      await app.services.steamLogin.ownerRecorder.settled();
      assert.equal(await findOwnerSteamId(app.services.db.knex, borrower), borrower);
    });

    it("a ban on the licence owner refuses borrowers' logins and refreshes, and stops their live sessions within 5 s", async () => {
      const owner = nextSteamId();
      const borrowers = [nextSteamId(), nextSteamId()];
      const sessions = await Promise.all(
        borrowers.map(async (b) => (await login(app, issue(b, { ownerSteamId: owner }))).body),
      );
      const unrelated = (await login(app, issue(nextSteamId()))).body;
      for (const s of sessions)
        assert.equal((await request(app.baseUrl, "GET", "/api/me/decks", { token: s.accessToken })).status, 200);
      await app.services.steamLogin.ownerRecorder.settled();

      await banPlayer(app.services.db.knex, (e) => app.services.banList.publish(e), {
        steamId: owner,
        until: null,
        reason: "smurf farm",
        by: "test",
      });
      for (const s of sessions) {
        const res = await waitFor(
          async () => {
            const r = await request(app.baseUrl, "GET", "/api/me/decks", { token: s.accessToken });
            return r.status === 403 ? r : null;
          },
          "the owner's ban to reach the borrower's session",
          5000,
        );
        assert.equal(res.body.error.code, "banned");
        assert.match(res.body.error.message, /owner of this game licence/);
      }
      const refreshed = await request(app.baseUrl, "POST", "/auth/refresh", {
        body: { refreshToken: sessions[0].refreshToken },
      });
      assert.equal(refreshed.status, 403);
      assert.match(refreshed.body.error.message, /owner of this game licence/);

      const third = await login(app, issue(nextSteamId(), { ownerSteamId: owner }));
      assert.equal(third.status, 403);
      assert.equal(third.body.error.code, "banned");
      assert.match(third.body.error.message, /owner of this game licence/);
      // A borrower who buys the game plays on: the ban was on the licence, not on them.
      assert.equal((await login(app, issue(borrowers[0]))).status, 200);
      assert.equal((await request(app.baseUrl, "GET", "/api/me/decks", { token: unrelated.accessToken })).status, 200);
    });

    it("STEAM_FAMILY_SHARING=deny refuses borrowed licences with 403 family_shared, and still admits owners", async () => {
      const strict = await server({ STEAM_FAMILY_SHARING: "deny" });
      const res = await login(strict, issue(nextSteamId(), { ownerSteamId: nextSteamId() }));
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, "family_shared");
      assert.equal((await login(strict, issue(nextSteamId()))).status, 200);
    });

    it("STEAM_DENY_VAC_BANNED and STEAM_DENY_PUBLISHER_BANNED: refused by default, admitted when set to false", async () => {
      const vac = await login(app, issue(nextSteamId(), { vacBanned: true }));
      const publisher = await login(app, issue(nextSteamId(), { publisherBanned: true }));
      assert.deepEqual([vac.status, vac.body.error.code], [403, "banned"]);
      assert.deepEqual([publisher.status, publisher.body.error.code], [403, "banned"]);
      const lenient = await server({ STEAM_DENY_VAC_BANNED: "false", STEAM_DENY_PUBLISHER_BANNED: "false" });
      assert.equal((await login(lenient, issue(nextSteamId(), { vacBanned: true }))).status, 200);
      assert.equal((await login(lenient, issue(nextSteamId(), { publisherBanned: true }))).status, 200);
      const onlyVac = await server({ STEAM_DENY_VAC_BANNED: "false" });
      assert.equal((await login(onlyVac, issue(nextSteamId(), { vacBanned: true }))).status, 200);
      assert.equal((await login(onlyVac, issue(nextSteamId(), { publisherBanned: true }))).status, 403);
    });

    it("with STEAM_IDENTITY, a ticket minted for another service (or without identity) is refused; without it, accepted", async () => {
      const forOther = await login(app, stub.issueTicket(nextSteamId(), { identity: "other-service" }));
      assert.equal(forOther.status, 401);
      assert.equal(forOther.body.error.code, "steam_rejected");
      assert.equal((await login(app, stub.issueTicket(nextSteamId()))).status, 401);
      const open = await server({ STEAM_IDENTITY: "" });
      assert.equal(
        (await login(open, stub.issueTicket(nextSteamId(), { identity: "other-service" }))).status,
        200,
        "why production must send one",
      );
    });
  });
}
