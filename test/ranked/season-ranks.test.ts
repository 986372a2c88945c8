import assert from "node:assert/strict";
import { recordRatedMatch } from "../../src/battle/match-settlement";
import type { Database } from "../../src/db/database";
import { loginPlayer } from "../../src/db/players";
import { listSeasons, seasonAt, startSeason } from "../../src/db/seasons";
import { rankOf, seasonStartLadderPoints } from "../../src/ranked/ladder";
import { testBackends } from "../helpers/backends";
import { useMigratedDatabase } from "../helpers/migrated-database";
import { finishedMatch } from "../helpers/finished-match";

let n = 0;
const nextSteamId = () => String(76561198400000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++n));

for (const backend of testBackends()) {
  describe(`season ranks [${backend.name}]`, function () {
    this.timeout(60_000);
    let db: Database;
    useMigratedDatabase(backend, (opened) => {
      db = opened;
    });

    async function players(): Promise<[string, string]> {
      const ids: [string, string] = [nextSteamId(), nextSteamId()];
      for (const id of ids) await loginPlayer(db.knex, id);
      return ids;
    }
    const ladderRow = (season: number, steamId: string) =>
      db.knex("season_ranks").where({ season_id: season, player_id: steamId }).first();

    it("a fresh install has a default first season running now", async () => {
      const seasons = await listSeasons(db.knex);
      assert.equal(seasons.length, 1);
      assert.equal(seasons[0].name, "Season 1");
      assert.equal((await seasonAt(db.knex, new Date()))?.id, seasons[0].id);
    });

    it("a ranked match moves both ranks, stores them with the participants with the levels, once", async () => {
      const [a, b] = await players();
      const match = finishedMatch(a, b, 0);
      const recorded = await recordRatedMatch(db.knex, match);
      const [pa, pb] = recorded.participants;
      assert.deepEqual(pa.rank?.before, { tier: "bronze", division: 4, points: 0 });
      assert.ok(pa.rank && pa.rank.after.points > 0, JSON.stringify(pa.rank));
      assert.deepEqual(pb.rank?.after, { tier: "bronze", division: 4, points: 0 }, "Bronze IV 0 cannot go lower");
      assert.deepEqual([pa.levelBefore, pa.levelAfter, pb.levelBefore, pb.levelAfter], [1, 1, 1, 1]);
      const row = await ladderRow(pa.rank.season, a);
      assert.deepEqual([rankOf(row.ladder_points), row.games, row.wins, row.losses], [pa.rank.after, 1, 1, 0]);
      // Idempotent: the same match again changes nothing and answers what was stored.
      const again = await recordRatedMatch(db.knex, match);
      assert.equal(again.applied, false);
      assert.deepEqual(again.participants, recorded.participants);
      assert.equal((await ladderRow(pa.rank.season, a)).games, 1);
    });

    it("the next season starts each player from the soft reset of their last season; MMR continues", async () => {
      const [a, b] = await players();
      const first = (await seasonAt(db.knex, new Date()))!;
      await db
        .knex("seasons")
        .where({ id: first.id })
        .update({ starts_at: new Date(Date.now() - 86_400_000) });
      await db.knex("season_ranks").insert([
        { season_id: first.id, player_id: a, ladder_points: 1650, games: 30, wins: 20, losses: 10 },
        { season_id: first.id, player_id: b, ladder_points: 420, games: 30, wins: 10, losses: 20 },
      ]);
      await db
        .knex("player_profiles")
        .where({ player_id: a })
        .update({ rating: 1900, rating_deviation: 60, games: 30 });
      const endedInFirst = { ...finishedMatch(a, b, 0), endedAt: new Date(Date.now() - 1000).toISOString() };
      const next = await startSeason(db.knex, {
        name: "Season 2",
        endsAt: new Date(Date.now() + 86_400_000),
        now: new Date(),
      });
      assert.equal((await seasonAt(db.knex, new Date()))?.id, next.id);
      assert.ok(
        new Date((await db.knex("seasons").where({ id: first.id }).first()).ends_at) <= new Date(),
        "the running season ended",
      );

      const recorded = await recordRatedMatch(db.knex, finishedMatch(a, b, 1));
      const [pa, pb] = recorded.participants;
      assert.equal(pa.rank?.season, next.id);
      assert.deepEqual(pa.rank?.before, rankOf(seasonStartLadderPoints(1650)));
      assert.deepEqual(pa.rank?.before, { tier: "gold", division: 4, points: 0 });
      assert.deepEqual(pb.rank?.before, rankOf(seasonStartLadderPoints(420)));
      assert.ok(pa.before.rating > 1890, "MMR carried over, not reset");
      assert.equal((await ladderRow(first.id, a)).ladder_points, 1650, "last season's rank is kept as it ended");

      // A result parked in the outbox while season 1 ran and written now counts for season 1 (its end time).
      const late = await recordRatedMatch(db.knex, endedInFirst);
      assert.equal(late.participants[0].rank?.season, first.id);
      assert.equal((await ladderRow(first.id, a)).games, 31);
    });

    it("no season running: the match is rated and stored, ranks stay untouched (rank null)", async () => {
      const [a, b] = await players();
      await db.knex("seasons").update({ ends_at: db.knex.raw("starts_at + interval '1 millisecond'") });
      try {
        const recorded = await recordRatedMatch(db.knex, finishedMatch(a, b, 0));
        assert.equal(recorded.participants[0].rank, null);
        assert.ok(recorded.participants[0].after.rating > 1500);
        assert.equal((await db.knex("season_ranks").where({ player_id: a })).length, 0);
      } finally {
        await startSeason(db.knex, { name: "Season 3", endsAt: new Date(Date.now() + 86_400_000), now: new Date() });
      }
    });
  });
}
