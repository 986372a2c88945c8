import type { MatchedPair, Ticket, TicketOwner } from "./ticket";
import type { MatchParams } from "./window";

export interface EnqueueResult {
  /** The connection that owned this player's queue slot before (to be told `replaced`), if another one. */
  previousOwner: TicketOwner | null;
  queueSize: number;
}

/**
 * The ranked queue shared by every process (Redis) or held by the only process (memory).
 * Every mutating operation is atomic; the two implementations have identical semantics
 * (test/matchmaker/ticket-queue.contract.test.ts runs against both).
 */
export interface TicketQueue {
  readonly kind: "redis" | "memory";
  /**
   * Adds or replaces the player's ticket and makes this connection the owner of the player's slot.
   * Returns the previous owner when it was a different connection.
   */
  enqueue(ticket: Ticket, ownerTtlMs: number): Promise<EnqueueResult>;
  /**
   * Puts a claimed ticket back (same ticketId and enqueuedAt: priority is kept), but only if that
   * connection still owns the player's slot and the player has no ticket. True when re-added.
   */
  requeue(ticket: Ticket, ownerTtlMs: number): Promise<boolean>;
  /**
   * Puts back the ticket of a connection that is still waiting after the queue lost it (a Redis restart
   * without persistence loses tickets and owners alike): as requeue, but also when nobody owns the slot any
   * more. Refused when another connection owns it or the player has a ticket. True when re-added.
   */
  restore(ticket: Ticket, ownerTtlMs: number): Promise<boolean>;
  /** Removes the ticket if it is still this ticketId's; with releaseOwner also frees the slot. */
  remove(steamId: string, ticketId: string, releaseOwner: boolean): Promise<boolean>;
  /**
   * Extends the leases of tickets held by this process (and their slot ownership).
   * Returns the SteamIDs whose ticket (with that ticketId) is no longer queued.
   */
  refresh(
    entries: Array<{ steamId: string; ticketId: string }>,
    leaseUntil: number,
    ownerTtlMs: number,
  ): Promise<string[]>;
  /** Drops tickets whose lease ended before `now`; returns them. */
  sweepExpired(now: number, limit: number): Promise<Ticket[]>;
  /**
   * Oldest ticket first: finds its best partner among the nearest tickets by rating within both windows
   * and removes both atomically. Repeats for up to maxAnchors anchors / maxPairs pairs.
   */
  matchBatch(now: number, params: MatchParams): Promise<MatchedPair[]>;
  get(steamId: string): Promise<Ticket | null>;
  size(): Promise<number>;
  /** Test/bench helper: removes every ticket and owner. */
  clear(): Promise<void>;
  close(): Promise<void>;
}
