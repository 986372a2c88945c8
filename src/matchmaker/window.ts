/**
 * The pairing rule, shared by both queue implementations (the Redis Lua script mirrors it line by line;
 * the contract suite checks that both decide the same way).
 *
 * - A ticket's window is MM_BASE_WINDOW + MM_WINDOW_GROWTH · waitSeconds, capped at MM_MAX_WINDOW.
 * - Two tickets pair only when |ratingA − ratingB| ≤ windowA AND ≤ windowB.
 * - Windows are centred on the Glicko rating (the mean), not on the conservative rating
 *   (rating − 2·deviation): see docs/matchmaking.md, "Why the mean rating".
 * - Among acceptable candidates the smallest gap wins, then the oldest ticket, then the lower SteamID.
 * - A candidate that was either player's last opponent is taken only when no other candidate is acceptable.
 */
export interface MatchParams {
  baseWindow: number;
  growthPerSecond: number;
  maxWindow: number;
  /** Upper bound on pairs claimed by one matchBatch call. */
  maxPairs: number;
  /** How many of the oldest tickets are tried as anchors in one call. */
  maxAnchors: number;
  /** Nearest tickets examined above and below each anchor (ZRANGEBYSCORE … LIMIT 0 n). */
  candidatesPerSide: number;
}

export function ratingWindow(
  p: Pick<MatchParams, "baseWindow" | "growthPerSecond" | "maxWindow">,
  enqueuedAt: number,
  now: number,
): number {
  const waitSeconds = Math.max(0, now - enqueuedAt) / 1000;
  return Math.min(p.maxWindow, p.baseWindow + p.growthPerSecond * waitSeconds);
}

export interface Candidate {
  steamId: string;
  rating: number;
  enqueuedAt: number;
  lastOpponent: string;
}

/** True when the candidate is better than the current best (smaller gap, then older, then lower id). */
export function betterCandidate(gap: number, c: Candidate, bestGap: number, best: Candidate | null): boolean {
  if (!best) return true;
  if (gap !== bestGap) return gap < bestGap;
  if (c.enqueuedAt !== best.enqueuedAt) return c.enqueuedAt < best.enqueuedAt;
  return c.steamId < best.steamId;
}

export function isRematch(a: Candidate, b: Candidate): boolean {
  return (
    (a.lastOpponent !== "" && a.lastOpponent === b.steamId) || (b.lastOpponent !== "" && b.lastOpponent === a.steamId)
  );
}
