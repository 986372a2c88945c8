import type { Knex } from "knex";
import { errorFields, log } from "../logger";

const RECENT_MAX = 50_000;

// Rows whose owner does not change are filtered out, so the statement locks and writes nothing for them.
const RECORD_OWNERS = `UPDATE players p SET owner_steam_id = v.owner
  FROM unnest(?::bigint[], ?::bigint[]) AS v(steam_id, owner)
  WHERE p.steam_id = v.steam_id AND p.owner_steam_id IS DISTINCT FROM v.owner`;

/**
 * Records the licence owner Steam reported at each login, off the login's path and in groups: a statement of
 * its own per login cost more than half the login throughput (`npm run bench:login`: about 2,400 → 900 logins/s). While one statement is in
 * flight, the logins arriving meanwhile go together in the next. A write lost to a crash is harmless: the
 * access token carries the owner itself, and the next login records it again.
 */
export class OwnerRecorder {
  private pending = new Map<string, string>();
  private flushing: Promise<void> | null = null;
  /**
   * What this process last wrote per player, for a while: a returning player on the same licence (nearly every
   * login) costs no statement. Another process may have written another owner since; that row is put right by
   * this process at the player's next login here after its memory is cleared (each RECENT_MAX distinct players).
   */
  private recent = new Map<string, string>();

  constructor(private readonly knex: Knex) {}

  record(steamId: string, ownerSteamId: string): void {
    if (this.recent.get(steamId) === ownerSteamId) return;
    if (this.recent.size >= RECENT_MAX) this.recent.clear();
    this.recent.set(steamId, ownerSteamId);
    this.pending.set(steamId, ownerSteamId);
    this.flushing ??= this.flushAll();
  }

  /** Resolves once everything recorded so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushAll(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        // Key order, as the login statement locks players, so the two never wait on each other in a cycle.
        const batch = [...this.pending].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1));
        this.pending = new Map();
        try {
          await this.knex.raw(RECORD_OWNERS, [batch.map(([id]) => id), batch.map(([, owner]) => owner)]);
        } catch (err) {
          for (const [id] of batch) this.recent.delete(id);
          log.warn("recording licence owners failed", { players: batch.length, ...errorFields(err) });
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

/** The licence owner of the player's latest Steam login; null before any (or in dev mode). */
export async function findOwnerSteamId(knex: Knex, steamId: string): Promise<string | null> {
  const row = await knex("players")
    .select(knex.raw("owner_steam_id::text as owner"))
    .where({ steam_id: steamId })
    .first();
  return (row?.owner as string | null | undefined) ?? null;
}
