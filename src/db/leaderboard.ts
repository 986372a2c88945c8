import type { Knex } from "knex";

/**
 * Who is on the leaderboard. Written out literally (not as bound parameters) so PostgreSQL can prove the
 * query implies the predicate of player_profiles_leaderboard_idx (migration 20261124000002) and walk it.
 * Mirrors PROVISIONAL_MIN_GAMES / PROVISIONAL_MAX_RATING_DEVIATION in src/api/player-standing.ts.
 */
const LEADERBOARD_ELIGIBLE = "pp.games >= 10 AND pp.rating_deviation <= 110";

export interface LeaderboardRow {
  steamId: string;
  personaName: string;
  /** Exact rating − 2·RD (the order key); clients are shown it rounded. */
  displayedMmr: number;
  rating: number;
  ratingDeviation: number;
  level: number;
  wins: number;
  losses: number;
  draws: number;
  games: number;
}

export interface LeaderboardPosition {
  displayedMmr: number;
  steamId: string;
}

/**
 * Players ordered by displayed MMR (highest first), ties by SteamID ascending, provisional and currently
 * banned players left out. Keyset pagination after `after`: an index range scan from that position, so
 * page 1 and page 50,000 cost the same.
 */
export async function leaderboardPage(
  knex: Knex,
  page: { limit: number; after?: LeaderboardPosition },
): Promise<LeaderboardRow[]> {
  const bindings: Array<string | number> = [];
  let keyset = "";
  if (page.after) {
    keyset = "AND (-pp.displayed_mmr, pp.player_id) > (?::double precision, ?::bigint)";
    bindings.push(-page.after.displayedMmr, page.after.steamId);
  }
  bindings.push(page.limit);
  const result = await knex.raw(
    `SELECT pp.player_id::text AS steam_id, p.persona_name, pp.displayed_mmr, pp.rating, pp.rating_deviation,
            pp.level, pp.wins, pp.losses, pp.draws, pp.games
       FROM player_profiles pp
       JOIN players p ON p.steam_id = pp.player_id
      WHERE ${LEADERBOARD_ELIGIBLE} AND (p.banned_until IS NULL OR p.banned_until <= now()) ${keyset}
      ORDER BY -pp.displayed_mmr, pp.player_id
      LIMIT ?`,
    bindings,
  );
  return (result.rows as Array<Record<string, unknown>>).map((r) => ({
    steamId: String(r.steam_id),
    personaName: String(r.persona_name),
    displayedMmr: Number(r.displayed_mmr),
    rating: Number(r.rating),
    ratingDeviation: Number(r.rating_deviation),
    level: Number(r.level),
    wins: Number(r.wins),
    losses: Number(r.losses),
    draws: Number(r.draws),
    games: Number(r.games),
  }));
}
