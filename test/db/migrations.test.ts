import assert from "node:assert/strict";
import { openDatabase } from "../../src/db/database";
import { migrateLatest, migrateRollbackAll, migrationStatus } from "../../src/db/migrate";
import { testBackends } from "../helpers/backends";
import { testConfig } from "../helpers/test-app";

const TABLES = [
  "players",
  "player_profiles",
  "cards",
  "player_card_collection",
  "player_decks",
  "deck_cards",
  "match_history",
  "match_participants",
  "refresh_tokens",
  "player_bans",
  "seasons",
  "season_ranks",
];

for (const backend of testBackends()) {
  describe(`migrations [${backend.name}]`, function () {
    this.timeout(60_000);

    it("migrate up creates every table, down removes them, and up again works", async () => {
      const provisioned = await backend.provision();
      const config = testConfig(provisioned.env);
      const db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
      try {
        const tables = async () =>
          (await db.knex("information_schema.tables").select("table_name").where({ table_schema: "public" })).map(
            (r: { table_name: string }) => r.table_name,
          );

        const applied = await migrateLatest(db.knex);
        assert.ok(applied.length >= 1);
        for (const t of TABLES) assert.ok((await tables()).includes(t), `missing table ${t}`);
        assert.deepEqual((await migrationStatus(db.knex)).pending, []);

        const steamIdType = await db
          .knex("information_schema.columns")
          .where({ table_name: "players", column_name: "steam_id" })
          .first("data_type");
        assert.equal(steamIdType.data_type, "bigint");
        for (const table of [
          "player_profiles",
          "player_card_collection",
          "player_decks",
          "match_participants",
          "refresh_tokens",
        ]) {
          const col = await db
            .knex("information_schema.columns")
            .where({ table_name: table, column_name: "player_id" })
            .first("data_type");
          assert.equal(col?.data_type, "bigint", `${table}.player_id must be BIGINT`);
        }

        // The largest SteamID64 range survives the round trip as an exact decimal string.
        const big = "76561202255233023";
        await db.knex("players").insert({ steam_id: big, persona_name: "max" });
        const row = await db
          .knex("players")
          .select(db.knex.raw("steam_id::text as id"))
          .where({ steam_id: big })
          .first();
        assert.equal(row.id, big);

        await assert.rejects(db.knex("player_profiles").insert({ player_id: "76561198000000099" }), /foreign key/);

        const rolledBack = await migrateRollbackAll(db.knex);
        assert.deepEqual(rolledBack.sort(), applied.sort());
        const left = await tables();
        for (const t of TABLES) assert.ok(!left.includes(t), `table ${t} survived rollback`);

        assert.deepEqual((await migrateLatest(db.knex)).sort(), applied.sort());
      } finally {
        await db.close();
        await provisioned.dispose();
      }
    });
  });
}
