import type { Knex } from "knex";

/** Records the licence owner Steam reported at this login (a no-op when it is the one already recorded). */
export async function recordOwnerSteamId(knex: Knex, steamId: string, ownerSteamId: string): Promise<void> {
  await knex("players")
    .where({ steam_id: steamId })
    .whereRaw("owner_steam_id IS DISTINCT FROM ?::bigint", [ownerSteamId])
    .update({ owner_steam_id: ownerSteamId });
}

/** The licence owner of the player's latest Steam login; null before any (or in dev mode). */
export async function findOwnerSteamId(knex: Knex, steamId: string): Promise<string | null> {
  const row = await knex("players").select(knex.raw("owner_steam_id::text as owner")).where({ steam_id: steamId }).first();
  return (row?.owner as string | null | undefined) ?? null;
}
