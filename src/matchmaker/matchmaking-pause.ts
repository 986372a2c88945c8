import type { SharedStore } from "../store/shared-store";

/**
 * An operator's hold on pairing (`npm run admin -- matchmaking pause`): while it lasts, every matcher of the
 * cluster skips its rounds, and players who join or wait stay queued (their tickets are kept alive as usual).
 * It is one entry in the shared store, so a cluster needs Redis for the admin tool to reach it; it ends on
 * `resume` or by itself after its duration, so a forgotten pause cannot hold the queue for ever.
 */
const PAUSE_KEY = "mm:paused";

export const MAX_PAUSE_MINUTES = 24 * 60;

export interface MatchmakingPause {
  by: string;
  reason: string;
  until: string;
}

export async function pauseMatchmaking(
  store: SharedStore,
  pause: { by: string; reason: string; minutes: number },
  now = Date.now(),
): Promise<MatchmakingPause> {
  const ms = pause.minutes * 60_000;
  const entry: MatchmakingPause = { by: pause.by, reason: pause.reason, until: new Date(now + ms).toISOString() };
  await store.set(PAUSE_KEY, JSON.stringify(entry), ms);
  return entry;
}

export async function resumeMatchmaking(store: SharedStore): Promise<void> {
  await store.delete(PAUSE_KEY);
}

/** The pause in force, or null. */
export async function matchmakingPause(store: SharedStore): Promise<MatchmakingPause | null> {
  const raw = await store.get(PAUSE_KEY);
  return raw === null ? null : (JSON.parse(raw) as MatchmakingPause);
}
