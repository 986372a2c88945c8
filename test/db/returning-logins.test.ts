import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { openDatabase, type Database } from "../../src/db/database";
import { migrateLatest } from "../../src/db/migrate";
import { ReturningLogins } from "../../src/db/returning-logins";
import type { RefreshTokenRow } from "../../src/db/refresh-tokens";
import { testBackends } from "../helpers/backends";
import { testConfig } from "../helpers/test-app";

const steamIdOf = (i: number) => String(76561198000000000n + BigInt(i));
const refreshRow = (steamId: string): RefreshTokenRow => ({
  family_id: randomUUID(),
  player_id: steamId,
  token_hash: randomUUID().replace(/-/g, ""),
  expires_at: new Date(Date.now() + 86_400_000),
});

for (const backend of testBackends()) {
  describe(`returning logins, written in groups [${backend.name}]`, function () {
    this.timeout(60_000);
    let dispose: () => Promise<void>;
    let db: Database;

    before(async () => {
      const provisioned = await backend.provision();
      const config = testConfig(provisioned.env);
      db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
      await migrateLatest(db.knex);
      await db
        .knex("players")
        .insert(Array.from({ length: 40 }, (_, i) => ({ steam_id: steamIdOf(i + 1), persona_name: `P${i + 1}` })));
      dispose = async () => {
        await db.close();
        await provisioned.dispose();
      };
    });
    after(() => dispose());

    const storedTokens = async (rows: RefreshTokenRow[]) =>
      (
        await db
          .knex("refresh_tokens")
          .whereIn(
            "token_hash",
            rows.map((r) => r.token_hash),
          )
          .select("token_hash", db.knex.raw("player_id::text as player_id"))
      )
        .map((r: { token_hash: string; player_id: string }) => `${r.player_id}:${r.token_hash}`)
        .sort();

    it("sends a login at once when idle, and the logins arriving meanwhile together in the next statement", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const rows = Array.from({ length: 21 }, (_, i) => refreshRow(steamIdOf(i + 1)));
      const results = await Promise.all(rows.map((row) => logins.login(row.player_id, row)));
      assert.deepEqual(logins.stats(), { logins: 21, statements: 2 });
      results.forEach((result, i) => {
        assert.equal(result?.player.steamId, steamIdOf(i + 1));
        assert.equal(result?.player.personaName, `P${i + 1}`);
        assert.equal(result?.refreshStored, true);
      });
      assert.deepEqual(await storedTokens(rows), rows.map((r) => `${r.player_id}:${r.token_hash}`).sort());
    });

    it("updates last_login_at of every player in the group", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const ids = [steamIdOf(22), steamIdOf(23), steamIdOf(24)];
      await db
        .knex("players")
        .whereIn("steam_id", ids)
        .update({ last_login_at: new Date("2020-01-01T00:00:00Z") });
      const results = await Promise.all(ids.map((id) => logins.login(id, refreshRow(id))));
      for (const result of results) assert.ok(new Date(result!.player.lastLoginAt).getFullYear() > 2020);
      const rows = await db.knex("players").whereIn("steam_id", ids).select("last_login_at");
      for (const row of rows) assert.ok(new Date(row.last_login_at).getFullYear() > 2020);
    });

    it("gives each login of one player in the same group its own stored token", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const steamId = steamIdOf(25);
      const rows = [refreshRow(steamIdOf(26)), refreshRow(steamId), refreshRow(steamId), refreshRow(steamId)];
      const results = await Promise.all(rows.map((row) => logins.login(row.player_id, row)));
      assert.equal(logins.stats().statements, 2);
      for (const result of results) assert.equal(result?.refreshStored, true);
      assert.equal((await storedTokens(rows)).length, 4);
    });

    it("stores no token for a banned player and answers null for an unknown one, without touching the others", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const banned = steamIdOf(27);
      await db
        .knex("players")
        .where({ steam_id: banned })
        .update({ banned_until: new Date(Date.now() + 86_400_000), ban_reason: "cheating" });
      const unknown = steamIdOf(9_999);
      const rows = [refreshRow(steamIdOf(28)), refreshRow(banned), refreshRow(unknown), refreshRow(steamIdOf(29))];
      const [first, bannedLogin, unknownLogin, last] = await Promise.all(
        rows.map((row) => logins.login(row.player_id, row)),
      );
      assert.equal(first?.refreshStored, true);
      assert.equal(last?.refreshStored, true);
      assert.equal(bannedLogin?.refreshStored, false);
      assert.equal(bannedLogin?.player.banReason, "cheating");
      assert.equal(unknownLogin, null);
      assert.deepEqual(
        await storedTokens(rows),
        [rows[0], rows[3]].map((r) => `${r.player_id}:${r.token_hash}`).sort(),
      );
      assert.equal(await db.knex("players").where({ steam_id: unknown }).first(), undefined);
    });

    it("fails every login of a failed statement, writes none of them, and sends the next group normally", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const first = refreshRow(steamIdOf(30));
      const group = [refreshRow(steamIdOf(31)), refreshRow("not-a-steam-id"), refreshRow(steamIdOf(32))];
      const outcomes = await Promise.allSettled([first, ...group].map((row) => logins.login(row.player_id, row)));
      assert.equal(outcomes[0].status, "fulfilled");
      for (const outcome of outcomes.slice(1)) assert.equal(outcome.status, "rejected");
      assert.deepEqual(await storedTokens(group), []);
      const after = refreshRow(steamIdOf(33));
      assert.equal((await logins.login(after.player_id, after))?.refreshStored, true);
    });

    it("runs a statement again when PostgreSQL aborts it to break a deadlock", async function () {
      if (db.kind !== "postgres") this.skip(); // the embedded database has one connection: nothing can deadlock
      const logins = new ReturningLogins(db.asyncCommitKnex);
      const [a, b] = [steamIdOf(34), steamIdOf(35)];
      const deadlocks = async () =>
        Number(
          (await db.knex("pg_stat_database").where("datname", db.knex.raw("current_database()")).first("deadlocks"))
            .deadlocks,
        );
      const deadlocksBefore = await deadlocks();
      const other = await db.knex.transaction();
      try {
        // The other transaction will not be the one to detect the deadlock: ours waits first and gives way.
        await other.raw("SET LOCAL deadlock_timeout = '30s'");
        await other.raw("SELECT 1 FROM players WHERE steam_id = ? FOR UPDATE", [b]);
        const occupying = logins.login(steamIdOf(36), refreshRow(steamIdOf(36)));
        const rows = [refreshRow(a), refreshRow(b)];
        const grouped = Promise.all(rows.map((row) => logins.login(row.player_id, row)));
        await occupying;
        // Wait until the group's statement holds a's row and waits for b's, then take a's row too.
        for (let i = 0; i < 200; i++) {
          const waiting = await db
            .knex("pg_stat_activity")
            .where({ wait_event_type: "Lock" })
            .whereLike("query", "%unnest%")
            .first();
          if (waiting) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        const takeA = other.raw("UPDATE players SET persona_name = persona_name WHERE steam_id = ?", [a]);
        await takeA;
        await other.commit();
        const results = await grouped;
        for (const result of results) assert.equal(result?.refreshStored, true);
        assert.equal((await storedTokens(rows)).length, 2);
        assert.equal(logins.stats().statements, 2);
        assert.equal(await deadlocks(), deadlocksBefore + 1);
      } finally {
        if (!other.isCompleted()) await other.rollback();
      }
    });

    it("splits a long queue into statements of at most maxBatch logins", async () => {
      const logins = new ReturningLogins(db.asyncCommitKnex, { maxBatch: 4 });
      const rows = Array.from({ length: 9 }, (_, i) => refreshRow(steamIdOf(i + 1)));
      const results = await Promise.all(rows.map((row) => logins.login(row.player_id, row)));
      assert.deepEqual(logins.stats(), { logins: 9, statements: 3 }); // 1 at once, then 4 and 4
      for (const result of results) assert.equal(result?.refreshStored, true);
    });
  });
}
