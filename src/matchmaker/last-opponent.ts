import type { SharedStore } from "../store/shared-store";

const key = (steamId: string) => `mm:last:${steamId}`;
export const LAST_OPPONENT_TTL_MS = 30 * 60_000;

/** Remembers each player's latest opponent so their next ticket avoids an immediate rematch. */
export async function rememberOpponents(store: SharedStore, a: string, b: string): Promise<void> {
  await Promise.all([store.set(key(a), b, LAST_OPPONENT_TTL_MS), store.set(key(b), a, LAST_OPPONENT_TTL_MS)]);
}

/** The player's latest opponent's SteamID, or "". */
export async function lastOpponent(store: SharedStore, steamId: string): Promise<string> {
  return (await store.get(key(steamId))) ?? "";
}
