import type { Knex } from "knex";
import type { z } from "zod";
import { playerSeasonLadder, seasonAt, topTierPosition } from "../db/seasons";
import { MASTER_LP, rankOf, seasonStartLadderPoints } from "../ranked/ladder";
import type { PlayerRankSchema } from "./schemas";

/**
 * A player's visible rank in the season running now (null when none is): their LP, or, before their first
 * ranked match of the season, where the soft reset will place them. In the top tier, their position there by MMR.
 */
export async function currentRankOf(
  knex: Knex,
  steamId: string,
  now = new Date(),
): Promise<z.infer<typeof PlayerRankSchema> | null> {
  const season = await seasonAt(knex, now);
  if (!season) return null;
  const ladder = await playerSeasonLadder(knex, season, steamId);
  const lp = ladder.ladderPoints ?? seasonStartLadderPoints(ladder.previousPoints);
  const rank = rankOf(lp);
  return {
    season: season.id,
    seasonName: season.name,
    seasonEndsAt: season.endsAt,
    ...rank,
    topTierPosition: lp >= MASTER_LP ? await topTierPosition(knex, season.id, MASTER_LP, steamId) : null,
    games: ladder.games,
  };
}
