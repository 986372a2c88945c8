import type { SharedStore } from "../store/shared-store";

/** Dodge penalties: settings (DODGE_COOLDOWN_MINUTES, DODGE_WINDOW_HOURS). */
export interface DodgeSettings {
  /** Cooldown of the 1st, 2nd, 3rd… dodge within the window; the last applies to every later one. */
  cooldownMinutes: readonly number[];
  windowHours: number;
}

const countKey = (steamId: string) => `mm:dodges:${steamId}`;
const untilKey = (steamId: string) => `mm:dodge-until:${steamId}`;

/**
 * A matched player did not take their seat, or left before the game started: their dodge count (within the
 * window) grows and they may not queue until the cooldown ends. Kept in the shared store: Redis (every
 * process sees it) or in-process on the embedded default. Returns the cooldown's end (ms since the epoch).
 */
export async function recordDodge(
  store: SharedStore,
  steamId: string,
  settings: DodgeSettings,
  now = Date.now(),
): Promise<number> {
  const count = await store.incrementWindow(countKey(steamId), settings.windowHours * 3_600_000);
  const steps = settings.cooldownMinutes;
  const minutes = steps.length === 0 ? 0 : steps[Math.min(count, steps.length) - 1];
  const until = now + minutes * 60_000;
  if (minutes > 0) await store.set(untilKey(steamId), String(until), minutes * 60_000);
  return until;
}

/** Seconds until the player may queue again (rounded up), or null when no cooldown runs. */
export async function dodgeRetryAfter(store: SharedStore, steamId: string, now = Date.now()): Promise<number | null> {
  const value = await store.get(untilKey(steamId));
  const until = value === null ? Number.NaN : Number(value);
  if (!Number.isFinite(until) || until <= now) return null;
  return Math.ceil((until - now) / 1000);
}
