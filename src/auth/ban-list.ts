import type { Knex } from "knex";
import { loadActiveBans, loadRevokedFamilies, PERMANENT_BAN_UNTIL } from "../db/player-bans";
import { errorFields, log } from "../logger";
import type { AccessTokenClaims } from "./access-tokens";
import type { BanEvent, BanEventChannel } from "./ban-events";

export interface Ban {
  steamId: string;
  /** ISO date the ban ends; null when permanent. */
  until: string | null;
  reason: string | null;
}

/** Why a session (an access token's claims) may not go on. */
export type SessionRefusal = { kind: "banned"; ban: Ban; viaOwner: boolean } | { kind: "revoked" };

/**
 * The bans in force and the recently revoked refresh-token families, held in memory by every process and
 * kept current by ban events (Redis pub/sub, or in-process on the embedded default): checking a request
 * costs no database read. Rooms use isBanned() on join and onEvent() for players already in.
 */
export interface BanList {
  isBanned(steamId: string): boolean;
  banOf(steamId: string): Ban | null;
  /** The player's ban, else their licence owner's (Family Sharing), else a revoked family: null when the session may go on. */
  sessionRefusal(claims: AccessTokenClaims): SessionRefusal | null;
  /** Every event, from any process, after the list has applied it. Returns the unsubscribe function. */
  onEvent(listener: (event: BanEvent) => void): () => void;
  /** Applies the event here and sends it to every other process. */
  publish(event: BanEvent): Promise<void>;
}

const PERMANENT_MS = PERMANENT_BAN_UNTIL.getTime();

export interface CachedBanListOptions {
  knex: Knex;
  channel: BanEventChannel;
  /** Access-token lifetime (+ skew): how long a revoked family must be remembered. */
  familyMemorySeconds: number;
  /** Full reload from PostgreSQL this often, as a safety net for a lost event. */
  reloadSeconds: number;
}

export class CachedBanList implements BanList {
  private bans = new Map<string, { untilMs: number; reason: string | null }>();
  private revokedFamilies = new Map<string, number>();
  private readonly listeners = new Set<(event: BanEvent) => void>();
  /** Events that arrived while a reload was reading: replayed over its snapshot. */
  private duringReload: BanEvent[] | null = null;
  private reloadTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: CachedBanListOptions) {}

  async start(): Promise<void> {
    await this.options.channel.subscribe(
      (event) => this.receive(event),
      () => void this.reload(),
    );
    await this.reload();
    this.reloadTimer = setInterval(() => void this.reload(), this.options.reloadSeconds * 1000);
    this.reloadTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.reloadTimer = null;
    this.listeners.clear();
    await this.options.channel.close();
  }

  async reload(): Promise<void> {
    if (this.duringReload) return;
    this.duringReload = [];
    try {
      const [bans, families] = await Promise.all([
        loadActiveBans(this.options.knex),
        loadRevokedFamilies(this.options.knex, this.options.familyMemorySeconds),
      ]);
      const pending = this.duringReload;
      this.bans = new Map(bans.map((b) => [b.steamId, { untilMs: b.untilMs, reason: b.reason }]));
      this.revokedFamilies = new Map(families.map((f) => [f.familyId, f.revokedAtMs]));
      for (const event of pending) this.apply(event);
    } catch (err) {
      // The list keeps what it had; the next reload or event brings it up to date.
      log.warn("ban list reload failed", errorFields(err));
    } finally {
      this.duringReload = null;
    }
  }

  isBanned(steamId: string): boolean {
    return this.banOf(steamId) !== null;
  }

  banOf(steamId: string): Ban | null {
    const ban = this.bans.get(steamId);
    if (!ban) return null;
    if (ban.untilMs <= Date.now()) {
      this.bans.delete(steamId);
      return null;
    }
    return {
      steamId,
      until: ban.untilMs >= PERMANENT_MS ? null : new Date(ban.untilMs).toISOString(),
      reason: ban.reason,
    };
  }

  sessionRefusal(claims: AccessTokenClaims): SessionRefusal | null {
    const own = this.banOf(claims.steamId);
    if (own) return { kind: "banned", ban: own, viaOwner: false };
    if (claims.ownerSteamId !== undefined) {
      const owner = this.banOf(claims.ownerSteamId);
      if (owner) return { kind: "banned", ban: owner, viaOwner: true };
    }
    if (claims.familyId !== undefined && this.isFamilyRevoked(claims.familyId)) return { kind: "revoked" };
    return null;
  }

  private isFamilyRevoked(familyId: string): boolean {
    const revokedAtMs = this.revokedFamilies.get(familyId);
    if (revokedAtMs === undefined) return false;
    if (revokedAtMs + this.options.familyMemorySeconds * 1000 < Date.now()) {
      this.revokedFamilies.delete(familyId);
      return false;
    }
    return true;
  }

  onEvent(listener: (event: BanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(event: BanEvent): Promise<void> {
    // Applied here at once (the caller's own process must not wait for the round trip). The listeners run
    // when the channel delivers it, here as in every other process; applying it again then changes nothing.
    this.duringReload?.push(event);
    this.apply(event);
    await this.options.channel.publish(event);
  }

  private receive(event: BanEvent): void {
    this.duringReload?.push(event);
    this.apply(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error("ban list listener failed", errorFields(err));
      }
    }
  }

  private apply(event: BanEvent): void {
    if (event.kind === "banned") this.bans.set(event.steamId, { untilMs: event.untilMs, reason: event.reason });
    else if (event.kind === "unbanned") this.bans.delete(event.steamId);
    else this.revokedFamilies.set(event.familyId, event.revokedAtMs);
  }
}
