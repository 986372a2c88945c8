/*
 * The visible ranked ladder (docs/ranked.md): pure maths, no database, no clock.
 *
 * A player's place on the ladder is one integer, `ladderPoints` (LP): 400 per tier, 100 per division.
 * Bronze IV 0 is LP 0; Diamond I 99 is LP 1999; Master starts at LP 2000 and its points keep counting up.
 * The hidden Glicko-2 MMR never appears here except as the target the rank is pulled toward.
 */

export const LADDER_TIERS = ["bronze", "silver", "gold", "platinum", "diamond", "master"] as const;
export type LadderTier = (typeof LADDER_TIERS)[number];

export const DIVISIONS_PER_TIER = 4;
export const POINTS_PER_DIVISION = 100;
export const POINTS_PER_TIER = DIVISIONS_PER_TIER * POINTS_PER_DIVISION;
/** LP where the top tier (Master) starts; Master players are ordered by MMR among themselves. */
export const MASTER_LP = (LADDER_TIERS.length - 1) * POINTS_PER_TIER;

/** Points for a game before the pull toward MMR. */
export const BASE_WIN_POINTS = 20;
export const BASE_LOSS_POINTS = 20;
/** Each point of gap between the MMR target and the current LP moves a win/loss by this much. */
export const PULL_PER_LP = 0.1;
export const MIN_WIN_POINTS = 5;
export const MAX_WIN_POINTS = 60;
export const MIN_LOSS_POINTS = 5;
export const MAX_LOSS_POINTS = 40;

/** Displayed MMR (rating − 2·RD) at LP 0 and the MMR span of one tier: Silver at 1000, Gold 1300… Master 2200. */
export const MMR_AT_LP_ZERO = 700;
export const MMR_PER_TIER = 300;

/** New season: LP × this, rounded down to the start of its division. */
export const SEASON_RESET_FACTOR = 0.5;

/** What players see: tier, division (4 = lowest … 1 = highest; always 1 in Master) and points. */
export interface RankValue {
  tier: LadderTier;
  division: number;
  points: number;
}

export type GameScore = "win" | "loss" | "draw";

export function rankOf(lp: number): RankValue {
  const value = Math.max(0, Math.floor(lp));
  if (value >= MASTER_LP) return { tier: "master", division: 1, points: value - MASTER_LP };
  const tierIndex = Math.floor(value / POINTS_PER_TIER);
  const inTier = value - tierIndex * POINTS_PER_TIER;
  const divisionIndex = Math.floor(inTier / POINTS_PER_DIVISION);
  return {
    tier: LADDER_TIERS[tierIndex],
    division: DIVISIONS_PER_TIER - divisionIndex,
    points: inTier - divisionIndex * POINTS_PER_DIVISION,
  };
}

export function ladderPointsOf(rank: RankValue): number {
  const tierIndex = LADDER_TIERS.indexOf(rank.tier);
  if (rank.tier === "master") return MASTER_LP + rank.points;
  return tierIndex * POINTS_PER_TIER + (DIVISIONS_PER_TIER - rank.division) * POINTS_PER_DIVISION + rank.points;
}

/** Where the hidden MMR says a player belongs, in LP (never below 0). */
export function targetLadderPoints(displayedMmr: number): number {
  return Math.max(0, Math.round(((displayedMmr - MMR_AT_LP_ZERO) * POINTS_PER_TIER) / MMR_PER_TIER));
}

/**
 * The tier floor: once a player has reached Silver or above they cannot drop below their tier's first
 * division (Silver IV 0, Gold IV 0, …). Bronze has no floor to protect beyond LP 0.
 */
export function tierFloor(lp: number): number {
  if (lp >= MASTER_LP) return MASTER_LP;
  return Math.floor(lp / POINTS_PER_TIER) * POINTS_PER_TIER;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Points one game is worth for a player at `lp` whose MMR target is `target`. */
export function pointsFor(lp: number, target: number): { win: number; loss: number } {
  const pull = (target - lp) * PULL_PER_LP;
  return {
    win: Math.round(clamp(BASE_WIN_POINTS + pull, MIN_WIN_POINTS, MAX_WIN_POINTS)),
    loss: Math.round(clamp(BASE_LOSS_POINTS - pull, MIN_LOSS_POINTS, MAX_LOSS_POINTS)),
  };
}

/**
 * LP after one ranked game. `displayedMmr` is the player's displayed MMR after the game's rating update
 * (so the pull uses the best current estimate). A draw changes nothing. A loss never goes below the floor.
 */
export function nextLadderPoints(lp: number, score: GameScore, displayedMmr: number): number {
  if (score === "draw") return lp;
  const worth = pointsFor(lp, targetLadderPoints(displayedMmr));
  if (score === "win") return lp + worth.win;
  return Math.max(tierFloor(lp), lp - worth.loss);
}

/** A player's LP at the start of a season: 0 if new, else the soft reset of their last season's LP. */
export function seasonStartLadderPoints(previousSeasonLp: number | null): number {
  if (previousSeasonLp === null) return 0;
  const halved = Math.floor(Math.max(0, previousSeasonLp) * SEASON_RESET_FACTOR);
  return Math.floor(halved / POINTS_PER_DIVISION) * POINTS_PER_DIVISION;
}
