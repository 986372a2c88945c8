export type MatchOutcome = "win" | "loss" | "draw";

export const XP_FOR: Record<MatchOutcome, number> = { win: 100, draw: 60, loss: 40 };
export const XP_PER_LEVEL = 500;

/** Level 1 at 0 XP, +1 every XP_PER_LEVEL. */
export function levelForXp(xp: number): number {
  return 1 + Math.floor(Math.max(0, xp) / XP_PER_LEVEL);
}
