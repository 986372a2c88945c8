import { isPlayMode, PLAY_MODES, type PlayMode } from "../battle/play-mode";
import type { PlayModeQueues } from "./play-mode-queues";
import { QueueMembers, type QueueConnection } from "./queue-members";

/**
 * One queue room's clients, split by play mode: each mode's clients are QueueMembers of that mode's queue.
 * A join picks its mode with the `mode` option (absent: ranked); an invalid `mode` goes to the ranked members,
 * whose option check refuses it with `error { code: "bad_request" }`.
 */
export class ModeMembers {
  private readonly members: Record<PlayMode, QueueMembers>;
  private readonly modeOf = new Map<string, PlayMode>();

  constructor(queues: PlayModeQueues, location: { processId: string; roomId: string }) {
    this.members = {
      ranked: new QueueMembers(queues.ranked, location),
      casual: new QueueMembers(queues.casual, location),
      challenge: new QueueMembers(queues.challenge, location),
    };
  }

  private all(): QueueMembers[] {
    return PLAY_MODES.map((mode) => this.members[mode]);
  }

  private of(sessionId: string): QueueMembers {
    return this.members[this.modeOf.get(sessionId) ?? "ranked"];
  }

  get size(): number {
    return this.all().reduce((n, m) => n + m.size, 0);
  }

  admit(conn: QueueConnection, steamId: string, rawOptions: unknown): Promise<void> {
    const requested = (rawOptions as { mode?: unknown } | null | undefined)?.mode;
    const mode: PlayMode = isPlayMode(requested) ? requested : "ranked";
    this.modeOf.set(conn.sessionId, mode);
    return this.members[mode].admit(conn, steamId, rawOptions);
  }

  cancel(sessionId: string, payload: unknown): Promise<void> {
    return this.of(sessionId).cancel(sessionId, payload);
  }

  unknownMessage(sessionId: string, type: unknown): void {
    this.of(sessionId).unknownMessage(sessionId, type);
  }

  /** A ban or revoked session ends the player's ticket, whatever its mode. */
  expel(sessionId: string, code: "banned" | "session_revoked", message: string): Promise<void> {
    return this.of(sessionId).expel(sessionId, code, message);
  }

  async left(sessionId: string): Promise<void> {
    const members = this.of(sessionId);
    this.modeOf.delete(sessionId);
    await members.left(sessionId);
  }

  async heartbeat(): Promise<void> {
    await Promise.all(this.all().map((m) => m.heartbeat()));
  }

  broadcastSize(): void {
    for (const m of this.all()) m.broadcastSize();
  }

  dispose(): void {
    for (const m of this.all()) m.dispose();
  }

  // Matcher callbacks: ticket ids are unique, so at most one mode's members answer true.
  probe(steamId: string, ticketId: string): boolean {
    return this.all().some((m) => m.probe(steamId, ticketId));
  }

  matched(steamId: string, ticketId: string, reservation: unknown): boolean {
    return this.all().some((m) => m.matched(steamId, ticketId, reservation));
  }

  requeued(steamId: string, ticketId: string): boolean {
    return this.all().some((m) => m.requeued(steamId, ticketId));
  }

  replaced(steamId: string, ticketId: string): boolean {
    return this.all().some((m) => m.replaced(steamId, ticketId));
  }
}
