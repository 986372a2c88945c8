import type { Knex } from "knex";

// The leaderboard orders by displayed MMR = rating − 2·RD (a conservative rating) and leaves out provisional
// players. The partial index predicate below must stay identical to LEADERBOARD_ELIGIBLE in
// src/db/leaderboard.ts, or PostgreSQL stops using the index. The index key is (−MMR, steam id), both
// ascending, so "after this row" is one row comparison — an index bound even when thousands of players tie.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    "ALTER TABLE player_profiles ADD COLUMN displayed_mmr double precision GENERATED ALWAYS AS (rating - 2 * rating_deviation) STORED",
  );
  await knex.raw(
    "CREATE INDEX player_profiles_leaderboard_idx ON player_profiles ((-displayed_mmr), player_id) WHERE games >= 10 AND rating_deviation <= 110",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("DROP INDEX IF EXISTS player_profiles_leaderboard_idx");
  await knex.raw("ALTER TABLE player_profiles DROP COLUMN IF EXISTS displayed_mmr");
}
