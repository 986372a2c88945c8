import { cloneTicket, type MatchedPair, type Ticket, type TicketOwner } from "./ticket";
import type { EnqueueResult, TicketQueue } from "./ticket-queue";
import { betterCandidate, isRematch, ratingWindow, type MatchParams } from "./window";

interface Entry {
  key: number;
  steamId: string;
}

/** Sorted by (key, steamId) like a Redis sorted set orders (score, member). */
class SortedIndex {
  readonly items: Entry[] = [];

  private position(key: number, steamId: string): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.items[mid];
      if (e.key < key || (e.key === key && e.steamId < steamId)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(key: number, steamId: string): void {
    this.items.splice(this.position(key, steamId), 0, { key, steamId });
  }

  remove(key: number, steamId: string): void {
    const i = this.position(key, steamId);
    if (this.items[i]?.steamId === steamId && this.items[i].key === key) this.items.splice(i, 1);
  }

  /** First index whose key ≥ key. */
  lowerBound(key: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key > key. */
  upperBound(key: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].key <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * Single-process queue for the embedded default (no REDIS_URL). Same semantics as RedisTicketQueue;
 * all methods run to completion synchronously inside one tick, which is what makes them atomic.
 */
export class MemoryTicketQueue implements TicketQueue {
  readonly kind = "memory" as const;
  private readonly tickets = new Map<string, Ticket>();
  private readonly owners = new Map<string, { owner: TicketOwner; expiresAt: number }>();
  private readonly byRating = new SortedIndex();
  private readonly byTime = new SortedIndex();

  private insert(t: Ticket): void {
    this.tickets.set(t.steamId, cloneTicket(t));
    this.byRating.add(t.rating, t.steamId);
    this.byTime.add(t.enqueuedAt, t.steamId);
  }

  private drop(steamId: string): Ticket | null {
    const t = this.tickets.get(steamId);
    if (!t) return null;
    this.tickets.delete(steamId);
    this.byRating.remove(t.rating, steamId);
    this.byTime.remove(t.enqueuedAt, steamId);
    return t;
  }

  private owner(steamId: string, now = Date.now()): TicketOwner | null {
    const o = this.owners.get(steamId);
    if (!o) return null;
    if (o.expiresAt <= now) {
      this.owners.delete(steamId);
      return null;
    }
    return o.owner;
  }

  private setOwner(t: Ticket, ttlMs: number): void {
    this.owners.set(t.steamId, { owner: { ticketId: t.ticketId, ...t.location }, expiresAt: Date.now() + ttlMs });
  }

  async enqueue(ticket: Ticket, ownerTtlMs: number): Promise<EnqueueResult> {
    const prev = this.owner(ticket.steamId);
    this.drop(ticket.steamId);
    this.insert(ticket);
    this.setOwner(ticket, ownerTtlMs);
    return {
      previousOwner: prev && prev.ticketId !== ticket.ticketId ? { ...prev } : null,
      queueSize: this.tickets.size,
    };
  }

  async requeue(ticket: Ticket, ownerTtlMs: number): Promise<boolean> {
    const owner = this.owner(ticket.steamId);
    if (!owner || owner.ticketId !== ticket.ticketId || this.tickets.has(ticket.steamId)) return false;
    this.insert(ticket);
    this.setOwner(ticket, ownerTtlMs);
    return true;
  }

  async restore(ticket: Ticket, ownerTtlMs: number): Promise<boolean> {
    const owner = this.owner(ticket.steamId);
    if ((owner && owner.ticketId !== ticket.ticketId) || this.tickets.has(ticket.steamId)) return false;
    this.insert(ticket);
    this.setOwner(ticket, ownerTtlMs);
    return true;
  }

  async remove(steamId: string, ticketId: string, releaseOwner: boolean): Promise<boolean> {
    let removed = false;
    if (this.tickets.get(steamId)?.ticketId === ticketId) {
      this.drop(steamId);
      removed = true;
    }
    if (releaseOwner && this.owner(steamId)?.ticketId === ticketId) this.owners.delete(steamId);
    return removed;
  }

  async refresh(
    entries: Array<{ steamId: string; ticketId: string }>,
    leaseUntil: number,
    ownerTtlMs: number,
  ): Promise<string[]> {
    const missing: string[] = [];
    const now = Date.now();
    for (const { steamId, ticketId } of entries) {
      const t = this.tickets.get(steamId);
      if (t && t.ticketId === ticketId) t.leaseUntil = leaseUntil;
      else missing.push(steamId);
      const o = this.owners.get(steamId);
      if (o && o.owner.ticketId === ticketId && o.expiresAt > now) o.expiresAt = now + ownerTtlMs;
    }
    return missing;
  }

  async sweepExpired(now: number, limit: number): Promise<Ticket[]> {
    const expired: Ticket[] = [];
    for (const t of this.tickets.values()) {
      if (expired.length >= limit) break;
      if (t.leaseUntil < now) expired.push(t);
    }
    for (const t of expired) this.drop(t.steamId);
    return expired.map(cloneTicket);
  }

  async matchBatch(now: number, params: MatchParams): Promise<MatchedPair[]> {
    const pairs: MatchedPair[] = [];
    const anchors = this.byTime.items.slice(0, params.maxAnchors).map((e) => e.steamId);
    const k = params.candidatesPerSide;
    for (const anchorId of anchors) {
      if (pairs.length >= params.maxPairs) break;
      const a = this.tickets.get(anchorId);
      if (!a || a.leaseUntil < now) continue;
      const wa = ratingWindow(params, a.enqueuedAt, now);
      let best: Ticket | null = null;
      let bestGap = Infinity;
      let fallback: Ticket | null = null;
      let fallbackGap = Infinity;
      const consider = (steamId: string) => {
        if (steamId === anchorId) return;
        const c = this.tickets.get(steamId);
        if (!c || c.leaseUntil < now) return;
        const gap = Math.abs(c.rating - a.rating);
        if (gap > wa || gap > ratingWindow(params, c.enqueuedAt, now)) return;
        if (isRematch(a, c)) {
          if (betterCandidate(gap, c, fallbackGap, fallback)) {
            fallback = c;
            fallbackGap = gap;
          }
        } else if (betterCandidate(gap, c, bestGap, best)) {
          best = c;
          bestGap = gap;
        }
      };
      const items = this.byRating.items;
      // ZRANGEBYSCORE rating [r, r+w] LIMIT 0 k
      // Each side comes nearest first: once a side's gap exceeds the best acceptable gap, nothing after it can win.
      for (
        let i = this.byRating.lowerBound(a.rating), n = 0;
        i < items.length && n < k && items[i].key <= a.rating + wa;
        i++, n++
      ) {
        if (best && Math.abs(items[i].key - a.rating) > bestGap) break;
        consider(items[i].steamId);
      }
      // ZREVRANGEBYSCORE rating [r, r−w] LIMIT 0 k
      for (
        let i = this.byRating.upperBound(a.rating) - 1, n = 0;
        i >= 0 && n < k && items[i].key >= a.rating - wa;
        i--, n++
      ) {
        if (best && Math.abs(items[i].key - a.rating) > bestGap) break;
        consider(items[i].steamId);
      }
      const chosen: Ticket | null = best ?? fallback;
      if (!chosen) continue;
      const gap = best ? bestGap : fallbackGap;
      const ta = this.drop(anchorId)!;
      const tb = this.drop((chosen as Ticket).steamId)!;
      pairs.push({ a: cloneTicket(ta), b: cloneTicket(tb), gap });
    }
    return pairs;
  }

  async get(steamId: string): Promise<Ticket | null> {
    const t = this.tickets.get(steamId);
    return t ? cloneTicket(t) : null;
  }

  async size(): Promise<number> {
    return this.tickets.size;
  }

  async clear(): Promise<void> {
    this.tickets.clear();
    this.owners.clear();
    this.byRating.items.length = 0;
    this.byTime.items.length = 0;
  }

  async close(): Promise<void> {}
}
