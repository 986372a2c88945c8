import type { Knex } from "knex";
import type { Services } from "../services";
import type { SharedStore } from "../store/shared-store";

export interface RatingEntry {
  rating: number;
  deviation: number;
}

const key = (steamId: string) => `rating:${steamId}`;

/**
 * Rating and deviation from player_profiles, cached in the SharedStore (Redis with REDIS_URL, so every
 * process sees one cache). The battle room calls `set` (or `invalidate`) after it records a result.
 */
export class RatingCache {
  constructor(
    private readonly knex: Knex,
    private readonly store: SharedStore,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** Null when the player has no profile. */
  async get(steamId: string): Promise<RatingEntry | null> {
    const cached = await this.store.get(key(steamId));
    if (cached) {
      try {
        const parsed = JSON.parse(cached) as RatingEntry;
        if (Number.isFinite(parsed.rating) && Number.isFinite(parsed.deviation)) return parsed;
      } catch {
        /* fall through to the database */
      }
    }
    const row = await this.knex("player_profiles").select("rating", "rating_deviation").where({ player_id: steamId }).first();
    if (!row) return null;
    const entry = { rating: Number(row.rating), deviation: Number(row.rating_deviation) };
    await this.store.set(key(steamId), JSON.stringify(entry), this.ttlMs);
    return entry;
  }

  async set(steamId: string, entry: RatingEntry): Promise<void> {
    await this.store.set(key(steamId), JSON.stringify({ rating: entry.rating, deviation: entry.deviation }), this.ttlMs);
  }

  async invalidate(steamId: string): Promise<void> {
    await this.store.delete(key(steamId));
  }
}

const caches = new WeakMap<Services, RatingCache>();

/** The process's RatingCache for these services (the battle room uses this after writing a result). */
export function ratingCacheFor(services: Services): RatingCache {
  let cache = caches.get(services);
  if (!cache) {
    cache = new RatingCache(services.db.knex, services.store);
    caches.set(services, cache);
  }
  return cache;
}
