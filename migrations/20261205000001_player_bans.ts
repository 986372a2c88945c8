import type { Knex } from "knex";

// player_bans: every ban and unban, never updated or deleted (the audit log and the source of truth for
// SteamIDs that never logged in here, such as a Family Sharing licence owner). players.banned_until stays
// the fast check of the login statement and the leaderboard, written in the same transaction as the log.
// players.owner_steam_id: the licence owner Steam reported at the player's latest login.
// The partial index on refresh_tokens lets each process load the recently revoked families at start-up.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("player_bans", (t) => {
    t.bigIncrements("id").primary();
    t.bigInteger("steam_id").notNullable();
    t.text("kind").notNullable();
    t.timestamp("until", { useTz: true }).nullable();
    t.boolean("permanent").notNullable().defaultTo(false);
    t.text("reason").nullable();
    t.text("created_by").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["steam_id", "id"], "player_bans_steam_id_idx");
    t.check("kind IN ('ban', 'unban')", [], "player_bans_kind_values");
    t.check("kind = 'unban' OR permanent OR until IS NOT NULL", [], "player_bans_ban_has_end");
  });
  await knex.schema.alterTable("players", (t) => {
    t.bigInteger("owner_steam_id").nullable();
  });
  await knex.raw("CREATE INDEX refresh_tokens_revoked_idx ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("DROP INDEX IF EXISTS refresh_tokens_revoked_idx");
  await knex.schema.alterTable("players", (t) => {
    t.dropColumn("owner_steam_id");
  });
  await knex.schema.dropTableIfExists("player_bans");
}
