import type { Knex } from "knex";

/** Seasons and per-season ladder points (docs/ranked.md). The ladder maths live in src/ranked/ladder.ts. */

export interface SeasonRecord {
  id: number;
  name: string;
  startsAt: string;
  endsAt: string;
}

export interface SeasonLadderRow {
  season: number;
  /** null before the player's first ranked match of the season. */
  ladderPoints: number | null;
  /** LP of the latest earlier season the player played; null if none. */
  previousPoints: number | null;
  games: number;
  wins: number;
  losses: number;
  draws: number;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const toSeason = (r: Record<string, unknown>): SeasonRecord => ({
  id: Number(r.id),
  name: String(r.name),
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
});
const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The season running at `at` (the latest started one that has not ended), or null. */
export async function seasonAt(knex: Knex, at: Date): Promise<SeasonRecord | null> {
  const row = await knex("seasons")
    .where("starts_at", "<=", at)
    .andWhere("ends_at", ">", at)
    .orderBy("starts_at", "desc")
    .first();
  return row ? toSeason(row) : null;
}

export async function findSeason(knex: Knex, id: number): Promise<SeasonRecord | null> {
  const row = await knex("seasons").where({ id }).first();
  return row ? toSeason(row) : null;
}

export async function listSeasons(knex: Knex): Promise<SeasonRecord[]> {
  return (await knex("seasons").orderBy("starts_at", "asc")).map(toSeason);
}

/**
 * Starts a season now, ending at `endsAt`; a season still running ends now (its ranks stay as they are, and
 * each player's first ranked match of the new season starts from the soft reset of them).
 */
export async function startSeason(knex: Knex, input: { name: string; endsAt: Date; now: Date }): Promise<SeasonRecord> {
  return knex.transaction(async (trx) => {
    await trx.raw("LOCK TABLE seasons IN SHARE ROW EXCLUSIVE MODE");
    await trx("seasons")
      .where("ends_at", ">", input.now)
      .andWhere("starts_at", "<=", input.now)
      .update({ ends_at: input.now });
    const [row] = await trx("seasons")
      .insert({ name: input.name, starts_at: input.now, ends_at: input.endsAt })
      .returning("*");
    return toSeason(row);
  });
}

/** A player's ladder row in a season, with the LP of their latest earlier season (for the soft reset). */
export async function playerSeasonLadder(knex: Knex, season: SeasonRecord, steamId: string): Promise<SeasonLadderRow> {
  const result = await knex.raw(
    `SELECT sr.ladder_points, sr.games, sr.wins, sr.losses, sr.draws,
            (SELECT p.ladder_points FROM season_ranks p JOIN seasons ps ON ps.id = p.season_id
              WHERE p.player_id = ? AND ps.starts_at < ?::timestamptz
              ORDER BY ps.starts_at DESC LIMIT 1) AS previous_points
       FROM (SELECT 1) one
       LEFT JOIN season_ranks sr ON sr.season_id = ? AND sr.player_id = ?`,
    [steamId, season.startsAt, season.id, steamId],
  );
  const r = (result.rows as Array<Record<string, unknown>>)[0];
  return {
    season: season.id,
    ladderPoints: nullableNumber(r.ladder_points),
    previousPoints: nullableNumber(r.previous_points),
    games: Number(r.games ?? 0),
    wins: Number(r.wins ?? 0),
    losses: Number(r.losses ?? 0),
    draws: Number(r.draws ?? 0),
  };
}

/**
 * 1-based position among the season's players at or above `fromPoints` (the top tier), by displayed MMR
 * (ties by SteamID). Banned players are left out.
 */
export async function topTierPosition(
  knex: Knex,
  season: number,
  fromPoints: number,
  steamId: string,
): Promise<number> {
  const result = await knex.raw(
    `SELECT count(*)::int + 1 AS position
       FROM season_ranks sr
       JOIN player_profiles pp ON pp.player_id = sr.player_id
       JOIN players p ON p.steam_id = sr.player_id
       JOIN player_profiles me ON me.player_id = ?
      WHERE sr.season_id = ? AND sr.ladder_points >= ? AND sr.player_id <> me.player_id
        AND (p.banned_until IS NULL OR p.banned_until <= now())
        AND (pp.displayed_mmr > me.displayed_mmr OR (pp.displayed_mmr = me.displayed_mmr AND pp.player_id < me.player_id))`,
    [steamId, season, fromPoints],
  );
  return Number((result.rows as Array<Record<string, unknown>>)[0].position);
}

export interface SeasonLeaderboardRow {
  steamId: string;
  personaName: string;
  ladderPoints: number;
  displayedMmr: number;
  level: number;
  games: number;
  wins: number;
  losses: number;
  draws: number;
}

export interface SeasonLeaderboardPosition {
  ladderPoints: number;
  displayedMmr: number;
  steamId: string;
}

/**
 * A season's ladder: LP (tier, division, points) highest first, then displayed MMR, then SteamID; banned
 * players left out. Keyset pagination after `after` (season_ranks_ladder_idx narrows to the season).
 */
export async function seasonLeaderboardPage(
  knex: Knex,
  season: number,
  page: { limit: number; after?: SeasonLeaderboardPosition },
): Promise<SeasonLeaderboardRow[]> {
  const bindings: Array<string | number> = [season];
  let keyset = "";
  if (page.after) {
    keyset = "AND (-sr.ladder_points, -pp.displayed_mmr, sr.player_id) > (?::int, ?::double precision, ?::bigint)";
    bindings.push(-page.after.ladderPoints, -page.after.displayedMmr, page.after.steamId);
  }
  bindings.push(page.limit);
  const result = await knex.raw(
    `SELECT sr.player_id::text AS steam_id, p.persona_name, sr.ladder_points, pp.displayed_mmr, pp.level,
            sr.games, sr.wins, sr.losses, sr.draws
       FROM season_ranks sr
       JOIN player_profiles pp ON pp.player_id = sr.player_id
       JOIN players p ON p.steam_id = sr.player_id
      WHERE sr.season_id = ? AND (p.banned_until IS NULL OR p.banned_until <= now()) ${keyset}
      ORDER BY -sr.ladder_points, -pp.displayed_mmr, sr.player_id
      LIMIT ?`,
    bindings,
  );
  return (result.rows as Array<Record<string, unknown>>).map((r) => ({
    steamId: String(r.steam_id),
    personaName: String(r.persona_name),
    ladderPoints: Number(r.ladder_points),
    displayedMmr: Number(r.displayed_mmr),
    level: Number(r.level),
    games: Number(r.games),
    wins: Number(r.wins),
    losses: Number(r.losses),
    draws: Number(r.draws),
  }));
}
