import type { Knex } from "knex";

export interface PlayerSettings {
  /** Others may watch this player's matches (GET /api/battles/live, joinById with spectate). */
  allowSpectators: boolean;
}

export async function readPlayerSettings(knex: Knex, steamId: string): Promise<PlayerSettings | null> {
  const row = await knex("players").select("allow_spectators").where({ steam_id: steamId }).first();
  return row ? { allowSpectators: row.allow_spectators === true } : null;
}

/** Applies the given settings; null when the player does not exist. */
export async function updatePlayerSettings(
  knex: Knex,
  steamId: string,
  change: Partial<PlayerSettings>,
): Promise<PlayerSettings | null> {
  if (change.allowSpectators !== undefined) {
    await knex("players").where({ steam_id: steamId }).update({ allow_spectators: change.allowSpectators });
  }
  return readPlayerSettings(knex, steamId);
}

/** True when every one of these players allows spectators (a battle is watchable only then). */
export async function allAllowSpectators(knex: Knex, steamIds: string[]): Promise<boolean> {
  const rows = await knex("players").select("allow_spectators").whereIn("steam_id", steamIds);
  return rows.length === steamIds.length && rows.every((r) => r.allow_spectators === true);
}
