import type { Knex } from "knex";

// The visible ranked ladder (docs/ranked.md). seasons: one row per season, ended by time. season_ranks: a
// player's ladder points (LP) in one season, created by their first ranked match of it (with the soft reset of
// their previous season's LP). match_participants gains the result screen's data: level before/after and
// the rank before/after ({ season, before, after }, null when the match changed no rank).
// A fresh install gets "Season 1", starting now and lasting 91 days.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("seasons", (t) => {
    t.increments("id").primary();
    t.text("name").notNullable();
    t.timestamp("starts_at", { useTz: true }).notNullable();
    t.timestamp("ends_at", { useTz: true }).notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("ends_at > starts_at", [], "seasons_ends_after_start");
    t.index(["starts_at"], "seasons_starts_idx");
  });
  await knex.schema.createTable("season_ranks", (t) => {
    t.integer("season_id").notNullable().references("id").inTable("seasons").onDelete("CASCADE");
    t.bigInteger("player_id").notNullable().references("steam_id").inTable("players").onDelete("CASCADE");
    t.integer("ladder_points").notNullable();
    t.integer("games").notNullable().defaultTo(0);
    t.integer("wins").notNullable().defaultTo(0);
    t.integer("losses").notNullable().defaultTo(0);
    t.integer("draws").notNullable().defaultTo(0);
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["season_id", "player_id"]);
    t.check("ladder_points >= 0", [], "season_ranks_points_nonnegative");
  });
  await knex.raw("CREATE INDEX season_ranks_ladder_idx ON season_ranks (season_id, ladder_points DESC, player_id)");
  await knex.raw("CREATE INDEX season_ranks_player_idx ON season_ranks (player_id, season_id)");
  await knex.schema.alterTable("match_participants", (t) => {
    t.integer("level_before").nullable();
    t.integer("level_after").nullable();
    t.jsonb("rank").nullable();
  });
  await knex("seasons").insert({
    name: "Season 1",
    starts_at: knex.fn.now(),
    ends_at: knex.raw("now() + interval '91 days'"),
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("match_participants", (t) => {
    t.dropColumn("rank");
    t.dropColumn("level_after");
    t.dropColumn("level_before");
  });
  await knex.schema.dropTableIfExists("season_ranks");
  await knex.schema.dropTableIfExists("seasons");
}
