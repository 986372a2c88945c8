import type Redis from "ioredis";
import { ticketFromFlat, ticketToFields, type MatchedPair, type Ticket, type TicketOwner } from "./ticket";
import type { EnqueueResult, TicketQueue } from "./ticket-queue";
import { ENQUEUE, MATCH, REFRESH, REMOVE, SWEEP } from "./redis-scripts";
import type { MatchParams } from "./window";

/** Redis key names of the queue, all under one hash tag so the scripts stay single-slot. */
export function queueKeys(prefix: string) {
  const base = `${prefix}{mm}:`;
  return {
    rating: base + "rating",
    time: base + "time",
    lease: base + "lease",
    ticketPrefix: base + "t:",
    ownerPrefix: base + "o:",
  };
}

function flatToRecord(flat: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}

/**
 * The cluster-wide queue: ZSET rating (score = rating), ZSET time (score = enqueuedAt, oldest first),
 * ZSET lease (score = lease end), one hash per ticket, one owner hash per player. Every mutation is one
 * Lua script, so concurrent matchers on several processes never claim a ticket twice.
 */
export class RedisTicketQueue implements TicketQueue {
  readonly kind = "redis" as const;
  private readonly keys: ReturnType<typeof queueKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = queueKeys(prefix);
  }

  private ticketKeys(steamId: string): string[] {
    const k = this.keys;
    return [k.rating, k.time, k.lease, k.ticketPrefix + steamId, k.ownerPrefix + steamId];
  }

  async enqueue(ticket: Ticket, ownerTtlMs: number): Promise<EnqueueResult> {
    const reply = (await ENQUEUE.run(this.redis, this.ticketKeys(ticket.steamId), [
      "enqueue",
      Math.ceil(ownerTtlMs),
      ...ticketToFields(ticket),
    ])) as [number, number, unknown[]];
    const prev = reply[2].length > 0 ? flatToRecord(reply[2]) : null;
    const previousOwner: TicketOwner | null =
      prev && prev.ticketId !== ticket.ticketId
        ? { ticketId: prev.ticketId, processId: prev.processId, roomId: prev.roomId, sessionId: prev.sessionId }
        : null;
    return { previousOwner, queueSize: Number(reply[1]) };
  }

  requeue(ticket: Ticket, ownerTtlMs: number): Promise<boolean> {
    return this.putBack("requeue", ticket, ownerTtlMs);
  }

  restore(ticket: Ticket, ownerTtlMs: number): Promise<boolean> {
    return this.putBack("restore", ticket, ownerTtlMs);
  }

  private async putBack(mode: "requeue" | "restore", ticket: Ticket, ownerTtlMs: number): Promise<boolean> {
    const reply = (await ENQUEUE.run(this.redis, this.ticketKeys(ticket.steamId), [
      mode,
      Math.ceil(ownerTtlMs),
      ...ticketToFields(ticket),
    ])) as [number, number, unknown[]];
    return Number(reply[0]) === 1;
  }

  async remove(steamId: string, ticketId: string, releaseOwner: boolean): Promise<boolean> {
    const reply = await REMOVE.run(this.redis, this.ticketKeys(steamId), [steamId, ticketId, releaseOwner ? "1" : "0"]);
    return Number(reply) === 1;
  }

  async refresh(
    entries: Array<{ steamId: string; ticketId: string }>,
    leaseUntil: number,
    ownerTtlMs: number,
  ): Promise<string[]> {
    if (entries.length === 0) return [];
    const missing: string[] = [];
    // Bounded batches keep each script short.
    for (let i = 0; i < entries.length; i += 500) {
      const args: Array<string | number> = [
        leaseUntil,
        Math.ceil(ownerTtlMs),
        this.keys.ticketPrefix,
        this.keys.ownerPrefix,
      ];
      for (const e of entries.slice(i, i + 500)) args.push(e.steamId, e.ticketId);
      missing.push(...((await REFRESH.run(this.redis, [this.keys.lease], args)) as string[]));
    }
    return missing;
  }

  async sweepExpired(now: number, limit: number): Promise<Ticket[]> {
    const k = this.keys;
    const reply = (await SWEEP.run(
      this.redis,
      [k.rating, k.time, k.lease],
      [now, limit, k.ticketPrefix],
    )) as unknown[][];
    return reply.map(ticketFromFlat);
  }

  async matchBatch(now: number, params: MatchParams): Promise<MatchedPair[]> {
    const k = this.keys;
    const reply = (await MATCH.run(
      this.redis,
      [k.rating, k.time, k.lease],
      [
        now,
        params.baseWindow,
        params.growthPerSecond,
        params.maxWindow,
        params.maxPairs,
        params.maxAnchors,
        params.candidatesPerSide,
        k.ticketPrefix,
      ],
    )) as Array<[unknown[], unknown[], string]>;
    return reply.map(([a, b, gap]) => ({ a: ticketFromFlat(a), b: ticketFromFlat(b), gap: Number(gap) }));
  }

  async get(steamId: string): Promise<Ticket | null> {
    const rec = await this.redis.hgetall(this.keys.ticketPrefix + steamId);
    if (!rec || Object.keys(rec).length === 0) return null;
    return ticketFromFlat(Object.entries(rec).flat());
  }

  async size(): Promise<number> {
    return this.redis.zcard(this.keys.rating);
  }

  async clear(): Promise<void> {
    const k = this.keys;
    for (const pattern of [k.ticketPrefix + "*", k.ownerPrefix + "*"]) {
      let cursor = "0";
      do {
        const [next, found] = await this.redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        cursor = next;
        if (found.length > 0) await this.redis.unlink(...found);
      } while (cursor !== "0");
    }
    await this.redis.unlink(k.rating, k.time, k.lease);
  }

  async close(): Promise<void> {
    // The connection belongs to the Services that created it.
  }
}
