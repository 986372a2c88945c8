import type { Knex } from "knex";

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("players", (t) => {
    t.bigInteger("steam_id").primary();
    t.text("persona_name").notNullable();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("last_login_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("banned_until", { useTz: true }).nullable();
    t.text("ban_reason").nullable();
  });

  await knex.schema.createTable("player_profiles", (t) => {
    t.bigInteger("player_id").primary().references("steam_id").inTable("players").onDelete("CASCADE");
    t.double("rating").notNullable().defaultTo(1500);
    t.double("rating_deviation").notNullable().defaultTo(350);
    t.double("volatility").notNullable().defaultTo(0.06);
    t.integer("level").notNullable().defaultTo(1);
    t.integer("xp").notNullable().defaultTo(0);
    t.integer("wins").notNullable().defaultTo(0);
    t.integer("losses").notNullable().defaultTo(0);
    t.integer("draws").notNullable().defaultTo(0);
    t.integer("games").notNullable().defaultTo(0);
    t.timestamp("last_match_at", { useTz: true }).nullable();
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable("cards", (t) => {
    t.text("id").primary();
    t.text("name").notNullable();
    t.integer("cost").notNullable();
    t.text("type").notNullable();
    t.integer("attack").nullable();
    t.integer("health").nullable();
    t.text("rarity").notNullable();
    t.text("text").notNullable().defaultTo("");
    t.boolean("collectible").notNullable().defaultTo(true);
    t.text("version").notNullable().defaultTo("");
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable("player_card_collection", (t) => {
    t.bigInteger("player_id").notNullable().references("steam_id").inTable("players").onDelete("CASCADE");
    t.text("card_id").notNullable().references("id").inTable("cards");
    t.integer("count").notNullable();
    t.timestamp("acquired_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(["player_id", "card_id"]);
    t.check("count > 0", [], "player_card_collection_count_positive");
  });

  await knex.schema.createTable("player_decks", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.bigInteger("player_id").notNullable().references("steam_id").inTable("players").onDelete("CASCADE");
    t.text("name").notNullable();
    t.boolean("is_default").notNullable().defaultTo(false);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["player_id", "created_at"], "player_decks_player_idx");
  });
  // At most one default deck per player.
  await knex.raw("CREATE UNIQUE INDEX player_decks_one_default_idx ON player_decks (player_id) WHERE is_default");

  await knex.schema.createTable("deck_cards", (t) => {
    t.uuid("deck_id").notNullable().references("id").inTable("player_decks").onDelete("CASCADE");
    t.text("card_id").notNullable().references("id").inTable("cards");
    t.integer("count").notNullable();
    t.primary(["deck_id", "card_id"]);
    t.check("count BETWEEN 1 AND 2", [], "deck_cards_count_range");
  });

  await knex.schema.createTable("match_history", (t) => {
    t.uuid("id").primary();
    t.timestamp("started_at", { useTz: true }).notNullable();
    t.timestamp("ended_at", { useTz: true }).notNullable();
    t.text("end_reason").notNullable();
    t.bigInteger("winner_id").nullable().references("steam_id").inTable("players");
    t.text("engine_version").notNullable();
    t.text("seed").notNullable();
    t.jsonb("intent_log").notNullable();
    t.boolean("ranked").notNullable().defaultTo(true);
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(["ended_at"], "match_history_ended_idx");
  });

  await knex.schema.createTable("match_participants", (t) => {
    t.uuid("match_id").notNullable().references("id").inTable("match_history").onDelete("CASCADE");
    t.bigInteger("player_id").notNullable().references("steam_id").inTable("players");
    t.smallint("seat").notNullable();
    t.jsonb("deck_snapshot").notNullable();
    t.text("result").notNullable();
    t.double("rating_before").notNullable();
    t.double("rating_deviation_before").notNullable();
    t.double("volatility_before").notNullable();
    t.double("rating_after").notNullable();
    t.double("rating_deviation_after").notNullable();
    t.double("volatility_after").notNullable();
    t.integer("xp_gained").notNullable().defaultTo(0);
    // Copied from match_history so a player's history pages with one index range scan.
    t.timestamp("ended_at", { useTz: true }).notNullable();
    t.primary(["match_id", "seat"]);
    t.unique(["match_id", "player_id"]);
    t.index(["player_id", "ended_at", "match_id"], "match_participants_player_history_idx");
    t.check("seat IN (0, 1)", [], "match_participants_seat_range");
    t.check("result IN ('win', 'loss', 'draw')", [], "match_participants_result_values");
  });

  await knex.schema.createTable("refresh_tokens", (t) => {
    t.uuid("id").primary().defaultTo(knex.raw("gen_random_uuid()"));
    t.uuid("family_id").notNullable();
    t.bigInteger("player_id").notNullable().references("steam_id").inTable("players").onDelete("CASCADE");
    t.text("token_hash").notNullable().unique();
    t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp("expires_at", { useTz: true }).notNullable();
    t.timestamp("rotated_at", { useTz: true }).nullable();
    t.timestamp("revoked_at", { useTz: true }).nullable();
    t.index(["family_id"], "refresh_tokens_family_idx");
    t.index(["player_id"], "refresh_tokens_player_idx");
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "refresh_tokens",
    "match_participants",
    "match_history",
    "deck_cards",
    "player_decks",
    "player_card_collection",
    "cards",
    "player_profiles",
    "players",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
