/**
 * How a Glicko-2 rating is shown to players. Displayed MMR is the conservative rating − 2·RD, so a
 * new player (1500 ± 350 → 800) climbs as the system becomes sure of them instead of starting high.
 * A player is provisional, and absent from the leaderboard, until they have played 10 games and their
 * RD has fallen to 110 or below. Keep these in step with migration 20261124000002_leaderboard.
 */
export const PROVISIONAL_MIN_GAMES = 10;
export const PROVISIONAL_MAX_RATING_DEVIATION = 110;

export const RANK_TIERS = ["unranked", "bronze", "silver", "gold", "platinum", "diamond", "master"] as const;
export type RankTier = (typeof RANK_TIERS)[number];

/** Lower bound of displayed MMR for each tier above bronze. */
const TIER_FLOORS: Array<[RankTier, number]> = [
  ["master", 2200],
  ["diamond", 1900],
  ["platinum", 1600],
  ["gold", 1300],
  ["silver", 1000],
];

export function displayedMmr(rating: number, ratingDeviation: number): number {
  return rating - 2 * ratingDeviation;
}

export function isProvisional(games: number, ratingDeviation: number): boolean {
  return games < PROVISIONAL_MIN_GAMES || ratingDeviation > PROVISIONAL_MAX_RATING_DEVIATION;
}

export function rankTier(mmr: number, provisional: boolean): RankTier {
  if (provisional) return "unranked";
  for (const [tier, floor] of TIER_FLOORS) if (mmr >= floor) return tier;
  return "bronze";
}
