import type { Knex } from "knex";
import { findRating } from "../db/players";
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
    const entry = await findRating(this.knex, steamId);
    if (!entry) return null;
    await this.store.set(key(steamId), JSON.stringify(entry), this.ttlMs);
    return entry;
  }

  async set(steamId: string, entry: RatingEntry): Promise<void> {
    await this.store.set(
      key(steamId),
      JSON.stringify({ rating: entry.rating, deviation: entry.deviation }),
      this.ttlMs,
    );
  }

  async invalidate(steamId: string): Promise<void> {
    await this.store.delete(key(steamId));
  }
}
