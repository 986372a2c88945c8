import { EventEmitter } from "node:events";
import type Redis from "ioredis";
import { logRedisErrors } from "../cluster/redis-errors";

/** What changes the ban list: sent to every process (Redis pub/sub) or within this one (embedded default). */
export type BanEvent =
  /** `untilMs`: epoch milliseconds the ban ends (PERMANENT_BAN_UNTIL's for a permanent one). */
  | { kind: "banned"; steamId: string; untilMs: number; reason: string | null }
  | { kind: "unbanned"; steamId: string }
  /** A refresh-token family was revoked (refresh reuse, logout): its access tokens stop. */
  | { kind: "family_revoked"; familyId: string; revokedAtMs: number };

export interface BanEventChannel {
  publish(event: BanEvent): Promise<void>;
  /** `onMessage` for every event, this process's own included; `onResync` after events may have been missed. */
  subscribe(onMessage: (event: BanEvent) => void, onResync: () => void): Promise<void>;
  close(): Promise<void>;
}

export const banChannelName = (keyPrefix: string): string => `${keyPrefix}ban-list`;

export function parseBanEvent(text: string): BanEvent | null {
  try {
    const e = JSON.parse(text) as BanEvent;
    if (e.kind === "banned" && typeof e.steamId === "string" && typeof e.untilMs === "number") return e;
    if (e.kind === "unbanned" && typeof e.steamId === "string") return e;
    if (e.kind === "family_revoked" && typeof e.familyId === "string" && typeof e.revokedAtMs === "number") return e;
  } catch {
    /* not ours */
  }
  return null;
}

/** One process: events go straight to the subscribers. */
export class InProcessBanChannel implements BanEventChannel {
  private readonly emitter = new EventEmitter();

  async publish(event: BanEvent): Promise<void> {
    this.emitter.emit("event", event);
  }

  async subscribe(onMessage: (event: BanEvent) => void): Promise<void> {
    this.emitter.on("event", onMessage);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub on `<REDIS_KEY_PREFIX>ban-list`. Pub/sub keeps nothing for a subscriber that was away, so
 * every (re)connection of the subscriber asks for a resync (a reload from PostgreSQL).
 */
export class RedisBanChannel implements BanEventChannel {
  private subscriber: Redis | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  async publish(event: BanEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(event));
  }

  async subscribe(onMessage: (event: BanEvent) => void, onResync: () => void): Promise<void> {
    const subscriber = this.redis.duplicate({ enableAutoPipelining: false });
    this.subscriber = subscriber;
    logRedisErrors("ban list subscriber", subscriber);
    subscriber.on("message", (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const event = parseBanEvent(text);
      if (event) onMessage(event);
    });
    let first = true;
    subscriber.on("ready", () => {
      if (first) {
        first = false;
        return;
      }
      onResync();
    });
    await subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }
}
