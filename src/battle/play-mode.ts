/** How a match counts: `ranked` (rated), `casual` (unrated queue), `challenge` (unrated, a friend by code). */
export const PLAY_MODES = ["ranked", "casual", "challenge"] as const;
export type PlayMode = (typeof PLAY_MODES)[number];

export function isPlayMode(value: unknown): value is PlayMode {
  return typeof value === "string" && (PLAY_MODES as readonly string[]).includes(value);
}

/** Only ranked matches change rating, rank and the ladder counters (wins, losses, draws, games). */
export function isRated(mode: PlayMode | undefined): boolean {
  return (mode ?? "ranked") === "ranked";
}
