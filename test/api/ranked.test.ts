import assert from "node:assert/strict";
import { recordRatedMatch } from "../../src/battle/match-settlement";
import { parseAdminArgs, UsageError } from "../../src/tools/admin-cli";
import { MASTER_LP } from "../../src/ranked/ladder";
import { testBackends } from "../helpers/backends";
import { finishedMatch } from "../helpers/finished-match";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import { API_TEST_ENV, insertRatedPlayer, loginAs, newSteamId, type LoggedIn } from "./api-helpers";

describe("admin season start (argument parsing)", () => {
  const now = new Date("2027-01-01T00:00:00Z");
  it("parses name and end, refuses a missing name, a bad or past end", () => {
    assert.deepEqual(parseAdminArgs(["season", "start", "--name", "Winter", "--ends", "2027-03-31T00:00:00Z"], now), {
      kind: "season-start",
      name: "Winter",
      endsAt: new Date("2027-03-31T00:00:00Z"),
    });
    assert.throws(() => parseAdminArgs(["season", "start", "--ends", "2027-03-31"], now), UsageError);
    assert.throws(() => parseAdminArgs(["season", "start", "--name", "W", "--ends", "soon"], now), UsageError);
    assert.throws(() => parseAdminArgs(["season", "start", "--name", "W", "--ends", "2026-01-01"], now), /past/);
    assert.throws(() => parseAdminArgs(["season", "stop"], now), UsageError);
    assert.deepEqual(parseAdminArgs(["seasons"], now), { kind: "seasons" });
  });
});

for (const backend of testBackends()) {
  describe(`ranked ladder over HTTP [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    let me: LoggedIn;
    let rival: LoggedIn;
    const get = (path: string, who: LoggedIn = me) => request(app.baseUrl, "GET", path, { token: who.token });

    before(async () => {
      app = await startTestHttpApp(backend, API_TEST_ENV);
      me = await loginAs(app, newSteamId(7));
      rival = await loginAs(app, newSteamId(7));
    });
    after(async () => {
      await app?.close();
    });

    it("the result screen's data is in GET /api/me/matches and GET /api/matches/:id, as recorded", async () => {
      const recorded = await recordRatedMatch(app.services.db.knex, finishedMatch(me.steamId, rival.steamId, 0));
      const mine = recorded.participants[0];
      const list = await get("/api/me/matches");
      assert.equal(list.status, 200);
      const entry = list.body.matches[0];
      assert.deepEqual(
        [entry.levelBefore, entry.levelAfter, entry.rank],
        [mine.levelBefore, mine.levelAfter, mine.rank],
      );
      assert.equal(entry.rank.before.tier, "bronze");
      assert.ok(entry.rank.after.points > 0);
      const summary = await get(`/api/matches/${mine.rank ? list.body.matches[0].matchId : ""}`, rival);
      assert.equal(summary.status, 200);
      assert.deepEqual(summary.body.participants[0].rank, mine.rank);
      assert.deepEqual(summary.body.participants[1].rank, recorded.participants[1].rank);

      const profile = await get("/api/me");
      assert.deepEqual(
        {
          tier: profile.body.rank.tier,
          division: profile.body.rank.division,
          points: profile.body.rank.points,
          games: profile.body.rank.games,
        },
        { ...mine.rank!.after, games: 1 },
      );
      const pub = await get(`/api/players/${me.steamId}`, rival);
      assert.deepEqual(pub.body.rank, profile.body.rank);
    });

    it("GET /api/leaderboard?season= orders by rank, then points, then MMR; master shows its MMR standing", async () => {
      const knex = app.services.db.knex;
      const season = (await get("/api/leaderboard?season=current")).body.season.id as number;
      const ids = Array.from({ length: 5 }, () => newSteamId(7));
      const fixtures = [
        { lp: 1250, rating: 1500 }, // platinum IV 50
        { lp: 1250, rating: 1700 }, // same points, higher MMR → first of the two
        { lp: 1310, rating: 1400 }, // platinum III 10
        { lp: MASTER_LP + 10, rating: 1900 },
        { lp: MASTER_LP + 500, rating: 1800 },
      ];
      for (const [i, f] of fixtures.entries()) {
        await insertRatedPlayer(knex, ids[i], { rating: f.rating, rating_deviation: 60, games: 30 });
        await knex("season_ranks").insert({ season_id: season, player_id: ids[i], ladder_points: f.lp, games: 30 });
      }
      const page1 = await get(`/api/leaderboard?season=${season}&limit=3`);
      assert.equal(page1.status, 200);
      const page2 = await get(`/api/leaderboard?season=${season}&limit=3&cursor=${page1.body.nextCursor}`);
      const order = [...page1.body.entries, ...page2.body.entries]
        .map((e: { steamId: string }) => e.steamId)
        .filter((s: string) => ids.includes(s));
      assert.deepEqual(order, [ids[4], ids[3], ids[2], ids[1], ids[0]]);
      assert.deepEqual(
        [...page1.body.entries, ...page2.body.entries].map((e: { rank: number }) => e.rank),
        Array.from({ length: page1.body.entries.length + page2.body.entries.length }, (_, i) => i + 1),
      );
      assert.deepEqual(
        {
          tier: page1.body.entries[0].tier,
          division: page1.body.entries[0].division,
          points: page1.body.entries[0].points,
        },
        { tier: "master", division: 1, points: 500 },
      );
      // In master, standing is by MMR: 1900 is first although it has fewer points.
      const top = await request(app.baseUrl, "GET", `/api/players/${ids[3]}`, { token: me.token });
      assert.equal(top.body.rank.topTierPosition, 1);
      assert.equal((await get(`/api/players/${ids[4]}`)).body.rank.topTierPosition, 2);
      assert.equal((await get(`/api/players/${ids[0]}`)).body.rank.topTierPosition, null);
      // The MMR leaderboard stays available without ?season=.
      const mmr = await get("/api/leaderboard?limit=100");
      assert.equal(mmr.status, 200);
      assert.equal(mmr.body.season, undefined);
      assert.ok("displayedMmr" in mmr.body.entries[0] && "rankTier" in mmr.body.entries[0]);
    });

    it("validates ?season= (400 invalid_request), 404 season_not_found for an unknown one", async () => {
      for (const q of ["season=0", "season=abc", "season=-1", "season=1.5"]) {
        const res = await get(`/api/leaderboard?${q}`);
        assert.equal(res.status, 400, q);
        assert.equal(res.body.error.code, "invalid_request");
      }
      const missing = await get("/api/leaderboard?season=4242");
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, "season_not_found");
      const badCursor = await get("/api/leaderboard?season=current&cursor=xyz");
      assert.equal(badCursor.status, 400);
    });
  });
}
