import type { SharedStore } from "../store/shared-store";

/** How long a player keeps their place after a match fell through (opponent absent). */
export const QUEUE_PRIORITY_TTL_MS = 120_000;

const key = (steamId: string) => `mm:priority:${steamId}`;

/** Remembers the original enqueue time so the player's next ticket keeps its place in the queue. */
export async function grantQueuePriority(store: SharedStore, steamId: string, enqueuedAt: number): Promise<void> {
  await store.set(key(steamId), String(enqueuedAt), QUEUE_PRIORITY_TTL_MS);
}

/** Consumes a granted priority: the original enqueuedAt, or null. */
export async function takeQueuePriority(store: SharedStore, steamId: string): Promise<number | null> {
  const value = await store.get(key(steamId));
  if (value === null) return null;
  await store.delete(key(steamId));
  const enqueuedAt = Number(value);
  return Number.isFinite(enqueuedAt) ? enqueuedAt : null;
}
