import type { SharedStore } from "../store/shared-store";

const key = (steamId: string) => `battle:active:${steamId}`;

/**
 * Which battle a player is in, shared by every process: the queue refuses a player who is already in a
 * ranked battle (one game at a time). The entry expires by itself if a process dies mid-battle.
 */
export async function markInBattle(store: SharedStore, steamId: string, roomId: string, ttlMs: number): Promise<void> {
  await store.set(key(steamId), roomId, ttlMs);
}

export async function clearInBattle(store: SharedStore, steamId: string, roomId: string): Promise<void> {
  if ((await store.get(key(steamId))) === roomId) await store.delete(key(steamId));
}

export function activeBattleOf(store: SharedStore, steamId: string): Promise<string | null> {
  return store.get(key(steamId));
}
