import assert from "node:assert/strict";
import { rateGame } from "../../src/battle/glicko-rating";
import { finishedMatch } from "../helpers/finished-match";
import { levelForXp, XP_FOR } from "../../src/battle/progression";
import { recordRatedMatch } from "../../src/battle/match-settlement";
import { loginPlayer } from "../../src/db/players";
import type { Database } from "../../src/db/database";
import { testBackends } from "../helpers/backends";
import { useMigratedDatabase } from "../helpers/migrated-database";

let n = 0;
const nextSteamId = () => String(76561198300000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++n));

for (const backend of testBackends()) {
  describe(`recording results [${backend.name}]`, function () {
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

    it("writes history, both participants and both profiles with Glicko-2 in one transaction", async () => {
      const [a, b] = await players();
      const match = finishedMatch(a, b, 0);
      const recorded = await recordRatedMatch(db.knex, match);
      assert.equal(recorded.applied, true);
      const [expectA, expectB] = rateGame(
        { rating: 1500, deviation: 350, volatility: 0.06 },
        { rating: 1500, deviation: 350, volatility: 0.06 },
        1,
      );
      assert.ok(Math.abs(recorded.participants[0].after.rating - expectA.rating) < 1e-9);
      assert.ok(Math.abs(recorded.participants[1].after.rating - expectB.rating) < 1e-9);
      // Glickman's worked numbers for two fresh players: the winner gains ~162.
      assert.ok(expectA.rating > 1650 && expectA.rating < 1670, String(expectA.rating));
      const pa = await db.knex("player_profiles").where({ player_id: a }).first();
      const pb = await db.knex("player_profiles").where({ player_id: b }).first();
      assert.equal(Number(pa.rating), recorded.participants[0].after.rating);
      assert.deepEqual([pa.games, pa.wins, pa.losses, pa.draws, pa.xp], [1, 1, 0, 0, XP_FOR.win]);
      assert.deepEqual([pb.games, pb.wins, pb.losses, pb.draws, pb.xp], [1, 0, 1, 0, XP_FOR.loss]);
      assert.equal(pa.level, levelForXp(XP_FOR.win));
      const history = await db
        .knex("match_history")
        .where({ id: match.matchId })
        .first(db.knex.raw("winner_id::text as winner_id"));
      assert.equal(history.winner_id, a);
    });

    it("scores a draw 0.5 for both", async () => {
      const [a, b] = await players();
      const recorded = await recordRatedMatch(db.knex, finishedMatch(a, b, null));
      assert.deepEqual(
        recorded.participants.map((p) => p.result),
        ["draw", "draw"],
      );
      assert.ok(
        Math.abs(recorded.participants[0].after.rating - 1500) < 1e-6,
        "equal players drawing keep their rating",
      );
      const pa = await db.knex("player_profiles").where({ player_id: a }).first();
      assert.equal(pa.draws, 1);
    });

    it("is idempotent on the match id, also under concurrent writes", async () => {
      const [a, b] = await players();
      const match = finishedMatch(a, b, 1);
      const results = await Promise.all([
        recordRatedMatch(db.knex, match),
        recordRatedMatch(db.knex, match),
        recordRatedMatch(db.knex, match),
      ]);
      assert.equal(results.filter((r) => r.applied).length, 1);
      for (const r of results) assert.deepEqual(r.participants, results.find((x) => x.applied)!.participants);
      const again = await recordRatedMatch(db.knex, match);
      assert.equal(again.applied, false);
      const pa = await db.knex("player_profiles").where({ player_id: a }).first();
      assert.equal(pa.games, 1);
      assert.equal(
        Number((await db.knex("match_participants").where({ match_id: match.matchId }).count({ c: "*" }))[0].c),
        2,
      );
    });

    it("rolls everything back when a player has no profile", async () => {
      const [a] = await players();
      const ghost = nextSteamId();
      await db.knex("players").insert({ steam_id: ghost, persona_name: "ghost" });
      const match = finishedMatch(a, ghost, 0);
      await assert.rejects(recordRatedMatch(db.knex, match), /player_profiles row missing/);
      assert.equal((await db.knex("match_history").where({ id: match.matchId })).length, 0);
      const pa = await db.knex("player_profiles").where({ player_id: a }).first();
      assert.equal(pa.games, 0);
    });
  });
}
