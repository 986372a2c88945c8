import { randomBytes } from "node:crypto";
import { errorFields, log } from "../logger";
import type { SharedStore } from "../store/shared-store";
import type { MatchmakingMetrics } from "./metrics";
import { rememberOpponents } from "./last-opponent";
import type { MatchedPair, Ticket } from "./ticket";
import type { TicketQueue } from "./ticket-queue";

/** Reaches the queue room holding a ticket's client, on whichever process (presence IPC). */
export interface QueueRoomGateway {
  /** True when the client is still there and now marked "being matched". */
  probe(ticket: Ticket): Promise<boolean>;
  /** Sends `matched { reservation }`; true when delivered. */
  matched(ticket: Ticket, reservation: unknown): Promise<boolean>;
  /** Sends `requeued`; true when the client is still there. */
  requeued(ticket: Ticket): Promise<boolean>;
}

/** Creates the battle for a pair and returns one seat reservation per player (same order). */
export type BattleFactory = (pair: MatchedPair, seed: string) => Promise<[unknown, unknown]>;

export interface DispatcherOptions {
  queue: TicketQueue;
  gateway: QueueRoomGateway;
  createBattle: BattleFactory;
  store: SharedStore;
  metrics: MatchmakingMetrics;
  leaseMs: number;
  ownerTtlMs: number;
}

/**
 * Turns a claimed pair into a battle: check both clients are still there, create the battle room,
 * reserve a seat for each, deliver `matched`. A player whose opponent is gone is put back with the
 * original enqueuedAt and told `requeued`.
 */
export class MatchDispatcher {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: DispatcherOptions) {}

  dispatch(pair: MatchedPair): void {
    const p = this.run(pair)
      .catch((err) => log.error("match dispatch failed", errorFields(err)))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(pair: MatchedPair): Promise<void> {
    const { gateway, metrics } = this.o;
    const { a, b } = pair;
    const claimedAt = Date.now();
    const [hereA, hereB] = await Promise.all([
      gateway.probe(a).catch(() => false),
      gateway.probe(b).catch(() => false),
    ]);
    if (!hereA || !hereB) {
      metrics.counters.undeliverable += Number(!hereA) + Number(!hereB);
      if (hereA) await this.requeue(a);
      if (hereB) await this.requeue(b);
      return;
    }
    const seed = randomBytes(16).toString("hex");
    let reservations: [unknown, unknown];
    try {
      reservations = await this.o.createBattle(pair, seed);
    } catch (err) {
      metrics.counters.matchErrors++;
      log.error("could not create the battle for a pair; requeueing both", {
        ...errorFields(err),
        a: a.steamId,
        b: b.steamId,
      });
      await Promise.all([this.requeue(a), this.requeue(b)]);
      return;
    }
    await rememberOpponents(this.o.store, a.steamId, b.steamId).catch((err) =>
      log.warn("could not store last opponents", errorFields(err)),
    );
    const now = Date.now();
    const [gotA, gotB] = await Promise.all([
      gateway.matched(a, reservations[0]).catch(() => false),
      gateway.matched(b, reservations[1]).catch(() => false),
    ]);
    metrics.recordMatch(now - a.enqueuedAt, now - b.enqueuedAt, pair.gap);
    metrics.dispatchSeconds.observe((Date.now() - claimedAt) / 1000);
    if (gotA) metrics.seatLatencySeconds.observe((Date.now() - a.enqueuedAt) / 1000);
    if (gotB) metrics.seatLatencySeconds.observe((Date.now() - b.enqueuedAt) / 1000);
    if (!gotA || !gotB) {
      // The delivered player will find an empty seat; the battle room's no-show rule grants them priority.
      metrics.counters.undeliverable += Number(!gotA) + Number(!gotB);
      log.warn("match reservation undeliverable", { a: a.steamId, deliveredA: gotA, b: b.steamId, deliveredB: gotB });
    }
  }

  /** Puts a claimed ticket back with its original enqueuedAt and tells the client. */
  async requeue(ticket: Ticket): Promise<boolean> {
    const back = await this.o.queue.requeue({ ...ticket, leaseUntil: Date.now() + this.o.leaseMs }, this.o.ownerTtlMs);
    if (!back) return false;
    const told = await this.o.gateway.requeued(ticket).catch(() => false);
    if (!told) {
      await this.o.queue.remove(ticket.steamId, ticket.ticketId, true);
      return false;
    }
    this.o.metrics.counters.requeues++;
    return true;
  }
}
