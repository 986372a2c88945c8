import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { testBackends } from "../helpers/backends";
import { request } from "../helpers/http";
import { startTestHttpApp, type TestHttpApp } from "../helpers/test-app";
import {
  API_TEST_ENV,
  insertMatch,
  insertRatedPlayer,
  loginAs,
  newSteamId,
  setProfile,
  type LoggedIn,
} from "./api-helpers";

for (const backend of testBackends()) {
  describe(`profiles, match history and leaderboard [${backend.name}]`, function () {
    this.timeout(60_000);
    let app: TestHttpApp;
    let me: LoggedIn;
    let rival: LoggedIn;
    const get = (path: string, who: LoggedIn | null = me) => request(app.baseUrl, "GET", path, { token: who?.token });

    before(async () => {
      app = await startTestHttpApp(backend, API_TEST_ENV);
      me = await loginAs(app, newSteamId(3));
      rival = await loginAs(app, newSteamId(3));
    });
    after(async () => {
      await app?.close();
    });

    describe("GET /api/me and GET /api/players/:steamId", () => {
      it("a new player is provisional and unranked at 1500 ± 350 (displayed 800)", async () => {
        const res = await get("/api/me");
        assert.equal(res.status, 200);
        const { rank, ...rest } = res.body;
        // The default first season (migration 20261205100001); a new player starts at Bronze IV 0.
        assert.deepEqual(
          { ...rank, seasonEndsAt: typeof rank.seasonEndsAt },
          {
            season: 1,
            seasonName: "Season 1",
            seasonEndsAt: "string",
            tier: "bronze",
            division: 4,
            points: 0,
            topTierPosition: null,
            games: 0,
          },
        );
        assert.deepEqual(rest, {
          steamId: me.steamId,
          personaName: `Player ${me.steamId.slice(-6)}`,
          rating: 1500,
          ratingDeviation: 350,
          displayedMmr: 800,
          rankTier: "unranked",
          provisional: true,
          level: 1,
          xp: 0,
          wins: 0,
          losses: 0,
          draws: 0,
          games: 0,
        });
      });

      it("an established player shows the conservative MMR and tier", async () => {
        await setProfile(app.services.db.knex, rival.steamId, {
          rating: 1850.4,
          rating_deviation: 60,
          games: 40,
          wins: 25,
          losses: 14,
          draws: 1,
          level: 7,
          xp: 1234,
        });
        const res = await get("/api/me", rival);
        assert.equal(res.body.displayedMmr, 1730);
        assert.equal(res.body.rankTier, "platinum");
        assert.equal(res.body.provisional, false);
        const pub = await get(`/api/players/${rival.steamId}`);
        assert.equal(pub.status, 200);
        assert.deepEqual(pub.body.rank.tier, "bronze");
        assert.deepEqual(
          { ...pub.body, rank: undefined },
          {
            rank: undefined,
            steamId: rival.steamId,
            personaName: `Player ${rival.steamId.slice(-6)}`,
            displayedMmr: 1730,
            rankTier: "platinum",
            provisional: false,
            level: 7,
            wins: 25,
            losses: 14,
            draws: 1,
            games: 40,
            lastMatchAt: null,
          },
        );
        assert.equal(typeof pub.body.steamId, "string");
      });

      it("10+ games but RD above 110 is still provisional", async () => {
        await setProfile(app.services.db.knex, rival.steamId, { rating_deviation: 111 });
        assert.equal((await get("/api/me", rival)).body.provisional, true);
        await setProfile(app.services.db.knex, rival.steamId, { rating_deviation: 60 });
      });

      it("400 for a non-SteamID64, 404 for an unknown player, 401 without a token", async () => {
        for (const bad of ["123", "abc", "7656119800000000x", "76561198000000000000", "1" + "0".repeat(16)]) {
          const res = await get(`/api/players/${bad}`);
          assert.equal(res.status, 400, bad);
          assert.equal(res.body.error.code, "invalid_steam_id");
        }
        const unknown = await get(`/api/players/${newSteamId(3)}`);
        assert.equal(unknown.status, 404);
        assert.equal(unknown.body.error.code, "player_not_found");
        assert.equal((await get("/api/me", null)).status, 401);
        assert.equal((await get(`/api/players/${me.steamId}`, null)).status, 401);
      });
    });

    describe("GET /api/me/matches and GET /api/matches/:id", () => {
      it("lists newest first with opponent, result, rating change, reason and duration", async () => {
        const knex = app.services.db.knex;
        const won = await insertMatch(knex, {
          a: me.steamId,
          b: rival.steamId,
          winner: "a",
          endedAt: new Date(Date.now() - 60_000),
          durationSeconds: 420,
          reason: "hero_died",
        });
        const lost = await insertMatch(knex, {
          a: rival.steamId,
          b: me.steamId,
          winner: "a",
          endedAt: new Date(Date.now() - 30_000),
          durationSeconds: 95,
          reason: "concede",
        });
        const res = await get("/api/me/matches");
        assert.equal(res.status, 200);
        assert.equal(res.body.nextCursor, null);
        assert.deepEqual(
          res.body.matches.map((m: { matchId: string }) => m.matchId),
          [lost.id, won.id],
        );
        const [l, w] = res.body.matches;
        assert.deepEqual(l.opponent, { steamId: rival.steamId, personaName: `Player ${rival.steamId.slice(-6)}` });
        assert.equal(l.result, "loss");
        assert.equal(l.reason, "concede");
        assert.equal(l.durationSeconds, 95);
        assert.equal(l.ratingChange, -12.5);
        assert.equal(w.result, "win");
        assert.equal(w.ratingChange, 12.5);
        assert.equal(w.ratingAfter - w.ratingBefore, 12.5);
        assert.equal(w.endedAt, won.endedAt.toISOString());

        const summary = await get(`/api/matches/${won.id}`, rival);
        assert.equal(summary.status, 200);
        assert.equal(summary.body.matchId, won.id);
        assert.equal(summary.body.winnerSteamId, me.steamId);
        assert.equal(summary.body.durationSeconds, 420);
        assert.deepEqual(
          summary.body.participants.map((p: { steamId: string; seat: number; result: string }) => [
            p.steamId,
            p.seat,
            p.result,
          ]),
          [
            [me.steamId, 0, "win"],
            [rival.steamId, 1, "loss"],
          ],
        );
        assert.equal("intent_log" in summary.body || "seed" in summary.body, false);
      });

      it("GET /api/matches/:id answers 404 for unknown and malformed ids", async () => {
        for (const id of [randomUUID(), "nope", "1'--"]) {
          const res = await get(`/api/matches/${encodeURIComponent(id)}`);
          assert.equal(res.status, 404, id);
          assert.equal(res.body.error.code, "match_not_found");
        }
        assert.equal((await get(`/api/matches/${randomUUID()}`, null)).status, 401);
      });

      it("keyset pages stay stable while new matches arrive, including same-millisecond ties", async () => {
        const knex = app.services.db.knex;
        const player = await loginAs(app, newSteamId(3));
        const base = Date.now() - 3_600_000;
        const inserted = [];
        for (let i = 0; i < 23; i++) {
          // Pairs share ended_at to the microsecond: the match id breaks the tie.
          inserted.push(
            await insertMatch(knex, {
              a: player.steamId,
              b: rival.steamId,
              winner: i % 3 === 0 ? null : "a",
              endedAt: new Date(base + Math.floor(i / 2) * 1000),
            }),
          );
        }
        const expected = [...inserted]
          .sort((x, y) => y.endedAt.getTime() - x.endedAt.getTime() || (y.id < x.id ? -1 : 1))
          .map((m) => m.id);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { body: { matches: Array<{ matchId: string }>; nextCursor: string | null }; status: number } =
            await get(`/api/me/matches?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, player);
          assert.equal(page.status, 200);
          seen.push(...page.body.matches.map((m) => m.matchId));
          cursor = page.body.nextCursor;
          pages++;
          // New matches finishing while the player pages must not shift the older pages.
          await insertMatch(knex, { a: rival.steamId, b: player.steamId, winner: "b", endedAt: new Date() });
        } while (cursor);
        assert.equal(pages, 5);
        assert.deepEqual(seen, expected);
      });

      it("rejects bad limit and cursor values with 400", async () => {
        for (const q of [
          "limit=0",
          "limit=101",
          "limit=abc",
          "cursor=garbage",
          `cursor=${Buffer.from('{"t":"x","m":"y"}').toString("base64url")}`,
        ]) {
          const res = await get(`/api/me/matches?${q}`);
          assert.equal(res.status, 400, q);
          assert.match(res.body.error.code, /^invalid_(request|cursor)$/);
        }
        assert.equal((await get("/api/me/matches", null)).status, 401);
      });
    });

    describe("GET /api/leaderboard", () => {
      it("orders by displayed MMR, breaks ties by SteamID, excludes provisional and banned players, numbers ranks across pages", async () => {
        const knex = app.services.db.knex;
        // Make the players created above provisional so only this fixture is ranked.
        await knex("player_profiles").update({ games: 0 });
        const ids = Array.from({ length: 9 }, () => newSteamId(3));
        const [top, tieHigh, tieLow, third, fourth, fewGames, highRd, banned, last] = ids;
        await insertRatedPlayer(knex, top, { rating: 2400, rating_deviation: 50, games: 100 }); // 2300
        // Equal displayed MMR (2000) from different ratings: SteamID ascending decides.
        await insertRatedPlayer(knex, tieLow, { rating: 2200, rating_deviation: 100, games: 30 });
        await insertRatedPlayer(knex, tieHigh, { rating: 2100, rating_deviation: 50, games: 30 });
        await insertRatedPlayer(knex, third, { rating: 1800, rating_deviation: 60, games: 10 }); // 1680
        await insertRatedPlayer(knex, fourth, { rating: 1600, rating_deviation: 110, games: 12 }); // 1380, RD at the limit
        await insertRatedPlayer(knex, fewGames, { rating: 3000, rating_deviation: 50, games: 9 });
        await insertRatedPlayer(knex, highRd, { rating: 3000, rating_deviation: 110.5, games: 50 });
        await insertRatedPlayer(knex, banned, { rating: 2900, rating_deviation: 50, games: 50 });
        await knex("players")
          .where({ steam_id: banned })
          .update({ banned_until: new Date(Date.now() + 86_400_000) });
        await insertRatedPlayer(knex, last, { rating: 1000, rating_deviation: 80, games: 11 }); // 840

        const walk: Array<{ rank: number; steamId: string; displayedMmr: number; rankTier: string }> = [];
        let cursor: string | null = null;
        do {
          const page: { status: number; body: { entries: typeof walk; nextCursor: string | null } } = await get(
            `/api/leaderboard?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
          );
          assert.equal(page.status, 200, JSON.stringify(page.body));
          walk.push(...page.body.entries);
          cursor = page.body.nextCursor;
        } while (cursor);
        assert.deepEqual(
          walk.map((e) => [e.rank, e.steamId, e.displayedMmr]),
          [
            [1, top, 2300],
            [2, tieHigh, 2000],
            [3, tieLow, 2000],
            [4, third, 1680],
            [5, fourth, 1380],
            [6, last, 840],
          ].map(([r, s, v]) => (r === 2 || r === 3 ? [r, [tieLow, tieHigh].sort()[(r as number) - 2], v] : [r, s, v])),
        );
        assert.equal(walk[0].rankTier, "master");
        assert.equal(walk[5].rankTier, "bronze");

        const one = await get("/api/leaderboard");
        assert.equal(one.body.entries.length, 6);
        assert.equal(one.body.nextCursor, null);
        assert.equal(typeof one.body.entries[0].steamId, "string");
      });

      it("is served from the partial index", async function () {
        if (backend.name !== "postgres") this.skip();
        const knex = app.services.db.knex;
        await knex.raw("SET enable_seqscan = off");
        const plan = await knex.raw(
          "EXPLAIN SELECT player_id FROM player_profiles pp WHERE pp.games >= 10 AND pp.rating_deviation <= 110 ORDER BY -pp.displayed_mmr, pp.player_id LIMIT 10",
        );
        await knex.raw("RESET enable_seqscan");
        assert.match(
          plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"),
          /player_profiles_leaderboard_idx/,
        );
      });

      it("400 on a bad cursor or limit, 401 without a token", async () => {
        assert.equal((await get("/api/leaderboard?cursor=xyz")).status, 400);
        assert.equal((await get("/api/leaderboard?limit=1000")).status, 400);
        assert.equal((await get("/api/leaderboard", null)).status, 401);
      });
    });
  });
}
