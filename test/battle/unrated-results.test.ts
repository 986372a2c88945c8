import assert from "node:assert/strict";
import type { PlayMode } from "../../src/battle/play-mode";
import { levelForXp, XP_FOR } from "../../src/battle/progression";
import { recordRatedMatch } from "../../src/battle/match-settlement";
import type { Database } from "../../src/db/database";
import { findMatchSummary, listPlayerMatches } from "../../src/db/match-history-read";
import { loginPlayer } from "../../src/db/players";
import { testBackends } from "../helpers/backends";
import { useMigratedDatabase } from "../helpers/migrated-database";
import { finishedMatch } from "../helpers/finished-match";

let n = 0;
const nextSteamId = () => String(76561198400000000n + BigInt(process.pid % 1000) * 10000n + BigInt(++n));

for (const backend of testBackends()) {
  describe(`unrated results: casual and challenge [${backend.name}]`, function () {
    this.timeout(60_000);
    let db: Database;
    useMigratedDatabase(backend, (opened) => {
      db = opened;
    });

    const profile = (id: string) => db.knex("player_profiles").where({ player_id: id }).first();

    for (const mode of ["casual", "challenge"] as PlayMode[]) {
      it(`${mode}: recorded with mode '${mode}', no rating or ladder counter changes, XP as ranked`, async () => {
        const [a, b] = [nextSteamId(), nextSteamId()];
        for (const id of [a, b]) await loginPlayer(db.knex, id);
        // A ranked game first, so the profiles are not at their defaults.
        await recordRatedMatch(db.knex, finishedMatch(a, b, 1));
        const [beforeA, beforeB] = [await profile(a), await profile(b)];
        const match = { ...finishedMatch(a, b, 0), mode };
        const recorded = await recordRatedMatch(db.knex, match);
        assert.equal(recorded.applied, true);
        for (const p of recorded.participants) assert.deepEqual(p.after, p.before, "rating unchanged");
        const [afterA, afterB] = [await profile(a), await profile(b)];
        for (const field of [
          "rating",
          "rating_deviation",
          "volatility",
          "games",
          "wins",
          "losses",
          "draws",
          "displayed_mmr",
        ]) {
          assert.equal(afterA[field], beforeA[field], `${field} of the winner`);
          assert.equal(afterB[field], beforeB[field], `${field} of the loser`);
        }
        assert.equal(afterA.xp, beforeA.xp + XP_FOR.win);
        assert.equal(afterB.xp, beforeB.xp + XP_FOR.loss);
        assert.equal(afterA.level, levelForXp(afterA.xp));
        const history = await db.knex("match_history").where({ id: match.matchId }).first("mode", "ranked");
        assert.deepEqual({ ...history }, { mode, ranked: false });
        const summary = await findMatchSummary(db.knex, match.matchId);
        assert.equal(summary?.mode, mode);
        assert.equal(summary?.ranked, false);
        const mine = await listPlayerMatches(db.knex, a, { limit: 5 });
        assert.deepEqual(
          mine.map((m) => m.mode),
          [mode, "ranked"],
        );
        // Idempotent as a ranked result: recording it again changes nothing.
        assert.equal((await recordRatedMatch(db.knex, match)).applied, false);
        assert.equal((await profile(a)).xp, afterA.xp);
      });
    }

    it("a result parked before modes existed (no mode) is recorded as ranked", async () => {
      const [a, b] = [nextSteamId(), nextSteamId()];
      for (const id of [a, b]) await loginPlayer(db.knex, id);
      const match = finishedMatch(a, b, 0);
      delete match.mode;
      const recorded = await recordRatedMatch(db.knex, match);
      assert.ok(recorded.participants[0].after.rating > recorded.participants[0].before.rating);
      const history = await db.knex("match_history").where({ id: match.matchId }).first("mode", "ranked");
      assert.deepEqual({ ...history }, { mode: "ranked", ranked: true });
      assert.equal((await profile(a)).games, 1);
    });
  });
}
