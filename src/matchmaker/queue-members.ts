import { randomUUID } from "node:crypto";
import { activeBattleOf, clearInBattle } from "../battle/active-battles";
import { unavailableDependency, unavailableMessage } from "../dependency-errors";
import { errorFields, log } from "../logger";
import type { Matchmaking } from "./matchmaking";
import { lastOpponent } from "./last-opponent";
import { takeQueuePriority } from "./queue-priority";
import { dodgeRetryAfter } from "./dodge-cooldown";
import {
  QueueCloseCode,
  queueClientMessages,
  queueJoinOptions,
  type QueueErrorCode,
  type QueueServerMessageType,
  type QueueServerPayload,
  type SeatReservation,
} from "./queue-messages";
import type { Ticket } from "./ticket";

/** What the queue logic needs from a transport connection (a Colyseus Client in the queue room). */
export interface QueueConnection {
  readonly sessionId: string;
  send<T extends QueueServerMessageType>(type: T, ...payload: QueueServerPayload<T>): void;
  leave(code: number): void;
  /** True once the client acknowledged the join (messages flow, a leave is seen by the client). */
  isJoined(): boolean;
}

type State = "admitting" | "queued" | "matching" | "matched" | "done";

interface Member {
  conn: QueueConnection;
  steamId: string;
  state: State;
  ticket: Ticket | null;
  lastSentSize: number;
  missingBeats: number;
  matchingSince: number;
  /** The player's rating as `queued` shows it (a challenge ticket pairs on its code instead). */
  shownRating: number;
}

/** How long a claimed ticket may stay "being matched" before the holder assumes the matcher died. */
const STALE_MATCHING_MS = 15_000;
/** After `matched`, the queue connection is closed this much later if the client has not left. */
const MATCHED_LINGER_MS = 10_000;

/**
 * The queue room's logic for the clients connected to one room: admission, tickets, heartbeats,
 * `cancel`, and the callbacks the matcher (on any process) uses to reach a client.
 */
export class QueueMembers {
  private readonly bySession = new Map<string, Member>();
  private readonly byTicket = new Map<string, Member>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private beating = false;
  /** When the queue first failed to answer a heartbeat, while it still fails. */
  private unreachableSince: number | null = null;

  constructor(
    private readonly mm: Matchmaking,
    private readonly location: { processId: string; roomId: string },
  ) {}

  get size(): number {
    return this.bySession.size;
  }

  /** Runs after the join is accepted; does not throw (errors become an `error` message and a leave). */
  async admit(conn: QueueConnection, steamId: string, rawOptions: unknown): Promise<void> {
    const member: Member = {
      conn,
      steamId,
      state: "admitting",
      ticket: null,
      lastSentSize: -1,
      missingBeats: 0,
      matchingSince: 0,
      shownRating: 0,
    };
    this.bySession.set(conn.sessionId, member);
    this.mm.metrics.localWaiting++;
    try {
      const options = queueJoinOptions.safeParse(rawOptions ?? {});
      if (!options.success) {
        return this.refuse(
          member,
          "bad_request",
          "join options must be { deckId?: string, mode?: ranked|casual|challenge, code?: string }",
        );
      }
      const { store, ratings } = this.mm;
      const retryAfter = await dodgeRetryAfter(store, steamId);
      if (retryAfter !== null) {
        return this.refuse(
          member,
          "dodge_cooldown",
          `you left a matched battle before it started; queue again in ${retryAfter} s`,
          undefined,
          retryAfter,
        );
      }
      const admitted = this.mm.admission ? await this.mm.admission(steamId, options.data) : { ok: true as const };
      if (!admitted.ok) return this.refuse(member, admitted.code, admitted.message);
      const [deck, rating] = await Promise.all([
        this.mm.resolveDeck(steamId, options.data.deckId),
        ratings.get(steamId),
      ]);
      if (!deck.ok) return this.refuse(member, deck.code, deck.message);
      if (!rating) return this.refuse(member, "no_profile", "no player profile");
      if (await this.inRunningBattle(steamId)) {
        return this.refuse(member, "in_battle", "you are in a ranked battle; finish it (or reconnect to it) first");
      }
      const [priority, opponent] = await Promise.all([takeQueuePriority(store, steamId), lastOpponent(store, steamId)]);
      if (member.state !== "admitting") return; // left while we were reading
      const now = Date.now();
      member.shownRating = rating.rating;
      const ticket: Ticket = {
        ticketId: randomUUID(),
        steamId,
        deckId: deck.deckId,
        rating: admitted.pairingValue ?? rating.rating,
        deviation: rating.deviation,
        enqueuedAt: priority !== null && priority < now ? priority : now,
        leaseUntil: now + this.mm.leaseMs,
        lastOpponent: opponent,
        location: { ...this.location, sessionId: conn.sessionId },
      };
      member.ticket = ticket;
      this.byTicket.set(ticket.ticketId, member);
      const result = await this.mm.queue.enqueue(ticket, this.mm.ownerTtlMs);
      if (member.state !== "admitting") {
        await this.mm.queue.remove(steamId, ticket.ticketId, true);
        return;
      }
      member.state = "queued";
      this.mm.metrics.counters.enqueued++;
      this.sendQueued(member, result.queueSize);
      if (result.previousOwner) {
        const prev = result.previousOwner;
        // The old connection is told `replaced` and leaves; its ticket is already overwritten.
        void this.mm.gateway.replaced(prev, steamId);
      }
    } catch (err) {
      const dependency = unavailableDependency(err);
      if (dependency) {
        log.warn("queue admission refused: a dependency is unavailable", {
          dependency,
          steamId,
          error: (err as Error).message,
        });
        return this.refuse(member, "unavailable", unavailableMessage(dependency), QueueCloseCode.UNAVAILABLE);
      }
      log.error("queue admission failed", { ...errorFields(err), steamId });
      this.refuse(member, "internal", "could not join the queue");
    }
  }

  /** The in-battle marker alone may outlive its battle (the process hosting it was killed): ask the room. */
  private async inRunningBattle(steamId: string): Promise<boolean> {
    const { store } = this.mm;
    const battleRoomId = await activeBattleOf(store, steamId);
    if (!battleRoomId) return false;
    if (await this.mm.gateway.roomRunning(battleRoomId)) return true;
    log.info("in-battle marker of a battle that no longer runs: cleared", { steamId, roomId: battleRoomId });
    await clearInBattle(store, steamId, battleRoomId);
    return false;
  }

  private sendQueued(member: Member, queueSize: number): void {
    const t = member.ticket!;
    member.lastSentSize = queueSize;
    member.conn.send("queued", { rating: member.shownRating, enqueuedAt: t.enqueuedAt, queueSize });
  }

  private refuse(
    member: Member,
    code: QueueErrorCode,
    message: string,
    closeCode: number = QueueCloseCode.REFUSED,
    retryAfter?: number,
  ): void {
    if (member.state === "done") return;
    member.state = "done";
    this.mm.metrics.counters.rejected++;
    member.conn.send("error", retryAfter === undefined ? { code, message } : { code, message, retryAfter });
    this.leaveWhenJoined(member.conn, closeCode);
  }

  /** A leave before the client acknowledged the join would lose the queued `error` message. */
  private leaveWhenJoined(conn: QueueConnection, code: number, delayMs = 0): void {
    const started = Date.now();
    const attempt = () => {
      if (!this.bySession.has(conn.sessionId)) return;
      if (conn.isJoined() || Date.now() - started > 5000) conn.leave(code);
      else this.later(attempt, 20);
    };
    this.later(attempt, delayMs);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** `cancel`: removes the ticket and ends the connection. */
  async cancel(sessionId: string, payload: unknown): Promise<void> {
    const member = this.bySession.get(sessionId);
    if (!member) return;
    if (!queueClientMessages.cancel.safeParse(payload ?? null).success) {
      member.conn.send("error", { code: "bad_request", message: "cancel takes no payload" });
      return;
    }
    if (member.state === "done" || member.state === "matched") return;
    member.state = "done";
    this.mm.metrics.counters.cancelled++;
    if (member.ticket) await this.mm.queue.remove(member.steamId, member.ticket.ticketId, true).catch(() => false);
    member.conn.leave(QueueCloseCode.DONE);
  }

  /** The player may no longer queue (banned, session revoked): the ticket goes, `error` is sent, the connection closes. */
  async expel(sessionId: string, code: "banned" | "session_revoked", message: string): Promise<void> {
    const member = this.bySession.get(sessionId);
    if (!member || member.state === "done") return;
    const ticket = member.state === "matched" ? null : member.ticket;
    this.refuse(member, code, message, QueueCloseCode.BANNED);
    if (ticket) await this.mm.queue.remove(member.steamId, ticket.ticketId, true).catch(() => false);
  }

  unknownMessage(sessionId: string, type: unknown): void {
    const member = this.bySession.get(sessionId);
    if (!member) return;
    const name = typeof type === "string" ? type.slice(0, 40) : String(type);
    member.conn.send("error", { code: "unknown_message", message: `unknown message type "${name}"` });
  }

  /** The connection closed (any reason). */
  async left(sessionId: string): Promise<void> {
    const member = this.bySession.get(sessionId);
    if (!member) return;
    this.bySession.delete(sessionId);
    this.mm.metrics.localWaiting--;
    const wasQueued = member.state !== "done" && member.state !== "matched";
    member.state = "done";
    if (member.ticket) {
      this.byTicket.delete(member.ticket.ticketId);
      if (wasQueued) this.mm.metrics.counters.cancelled++;
      // Guarded by ticketId: never removes a newer connection's ticket.
      await this.mm.queue
        .remove(member.steamId, member.ticket.ticketId, true)
        .catch((err) => log.warn("ticket removal failed", errorFields(err)));
    }
  }

  /** Every second: a new `queued` to waiting clients whose queue size changed. */
  broadcastSize(): void {
    const size = this.mm.metrics.queueSize;
    for (const m of this.bySession.values()) {
      if (m.state === "queued" && m.lastSentSize !== size) this.sendQueued(m, size);
    }
  }

  /**
   * Extends the leases of this room's tickets. A waiting client whose ticket vanished without a `matched`
   * (a matcher died after claiming it, the lease ran out during a stall, or Redis restarted and lost the
   * queue) is put back with its original enqueuedAt and told `requeued`: after two heartbeats, or at the
   * first one after the queue was unreachable. A client whose ticket cannot be put back (another connection
   * holds the player's slot), or whose queue stayed unreachable for MM_QUEUE_UNREACHABLE_SECONDS, gets
   * `error { code: "queue_lost" }` and is disconnected so it joins again.
   */
  async heartbeat(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      await this.beat();
    } finally {
      this.beating = false;
    }
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    const live = [...this.bySession.values()].filter(
      (m) => m.ticket && (m.state === "queued" || m.state === "matching"),
    );
    if (live.length === 0) {
      this.unreachableSince = null;
      return;
    }
    let missing: Set<string>;
    try {
      missing = new Set(
        await this.mm.queue.refresh(
          live.map((m) => ({ steamId: m.steamId, ticketId: m.ticket!.ticketId })),
          now + this.mm.leaseMs,
          this.mm.ownerTtlMs,
        ),
      );
    } catch (err) {
      this.unreachableSince ??= now;
      // Measured when the failure arrives: a command to an absent Redis takes seconds to fail (client retries).
      if (Date.now() - this.unreachableSince < this.mm.unreachableGiveUpMs) return;
      log.warn("the queue stayed unreachable: telling waiting players their tickets are lost", {
        players: live.length,
        error: (err as Error).message,
      });
      for (const m of live) this.lose(m, "the queue is unavailable; join again");
      return;
    }
    const afterOutage = this.unreachableSince !== null;
    this.unreachableSince = null;
    for (const m of live) {
      const gone = missing.has(m.steamId);
      if (m.state === "queued") m.missingBeats = gone ? m.missingBeats + 1 : 0;
      const stale =
        (m.state === "queued" && (m.missingBeats >= 2 || afterOutage)) ||
        (m.state === "matching" && now - m.matchingSince > STALE_MATCHING_MS);
      if (!stale || !gone) continue;
      m.missingBeats = 0;
      await this.putBack(m);
    }
  }

  private async putBack(m: Member): Promise<void> {
    const ticket = { ...m.ticket!, leaseUntil: Date.now() + this.mm.leaseMs };
    const back = await this.mm.queue.restore(ticket, this.mm.ownerTtlMs);
    if (!this.bySession.has(m.conn.sessionId) || (m.state !== "queued" && m.state !== "matching")) {
      // Left or matched meanwhile: a ticket put back for nobody is taken out again.
      if (back) await this.mm.queue.remove(m.steamId, ticket.ticketId, m.state !== "matched");
      return;
    }
    // Refused because the ticket is there after all (a matcher requeued it meanwhile): nothing was lost.
    if (back || (await this.mm.queue.get(m.steamId))?.ticketId === ticket.ticketId) {
      m.state = "queued";
      this.mm.metrics.counters.requeues++;
      m.conn.send("requeued");
      return;
    }
    this.lose(m, "your queue ticket was lost; join again");
  }

  private lose(m: Member, message: string): void {
    this.refuse(m, "queue_lost", message, QueueCloseCode.UNAVAILABLE);
  }

  private byTicketFor(steamId: string, ticketId: string): Member | null {
    const m = this.byTicket.get(ticketId);
    return m && m.steamId === steamId && this.bySession.get(m.conn.sessionId) === m ? m : null;
  }

  // ---- called by a matcher (maybe on another process) through the room ----

  probe(steamId: string, ticketId: string): boolean {
    const m = this.byTicketFor(steamId, ticketId);
    if (!m || (m.state !== "queued" && m.state !== "matching")) return false;
    m.state = "matching";
    m.matchingSince = Date.now();
    return true;
  }

  matched(steamId: string, ticketId: string, reservation: unknown): boolean {
    const m = this.byTicketFor(steamId, ticketId);
    if (!m || m.state !== "matching") return false;
    m.state = "matched";
    // From matchMaker.reserveSeatFor (colyseus-gateway.ts), passed through the remote room call.
    m.conn.send("matched", { reservation: reservation as SeatReservation });
    this.leaveWhenJoined(m.conn, QueueCloseCode.DONE, MATCHED_LINGER_MS);
    return true;
  }

  requeued(steamId: string, ticketId: string): boolean {
    const m = this.byTicketFor(steamId, ticketId);
    if (!m || (m.state !== "matching" && m.state !== "queued")) return false;
    m.state = "queued";
    m.conn.send("requeued");
    return true;
  }

  replaced(steamId: string, ticketId: string): boolean {
    const m = this.byTicketFor(steamId, ticketId);
    if (!m || m.state === "done") return false;
    m.state = "done";
    this.mm.metrics.counters.replaced++;
    m.conn.send("replaced");
    this.leaveWhenJoined(m.conn, QueueCloseCode.REPLACED);
    return true;
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
