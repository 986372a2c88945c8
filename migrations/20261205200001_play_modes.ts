import type { Knex } from "knex";

// Play modes: how a match counted (ranked, casual, challenge), and whether a player lets others watch their
// matches. `ranked` stays (true exactly for mode 'ranked') for readers written before the mode column.
export async function up(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE match_history ADD COLUMN mode text NOT NULL DEFAULT 'ranked'");
  await knex.raw(
    "ALTER TABLE match_history ADD CONSTRAINT match_history_mode_values CHECK (mode IN ('ranked', 'casual', 'challenge'))",
  );
  await knex.raw("ALTER TABLE players ADD COLUMN allow_spectators boolean NOT NULL DEFAULT true");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE players DROP COLUMN IF EXISTS allow_spectators");
  await knex.raw("ALTER TABLE match_history DROP CONSTRAINT IF EXISTS match_history_mode_values");
  await knex.raw("ALTER TABLE match_history DROP COLUMN IF EXISTS mode");
}
