import type { Client } from "@colyseus/core";
import type { BattleSession } from "../../battle/battle-session";
import { battleMetrics } from "../../battle/battle-metrics";
import { parseIntentMessage, type IntentMessageType } from "../../battle/intent-messages";
import { seatOf, takeFromBudget } from "./battle-clients";
import { send, type BattleWire } from "./battle-wire";
import type { Spectators } from "./spectators";

/**
 * What the battle room does with each client message: spectators are refused, then the sender's message budget,
 * then the session decides (stale state, engine). Every refusal is an `error` message with the current stateId.
 */
export class BattleInbox {
  constructor(
    private readonly session: BattleSession<Client>,
    private readonly wire: BattleWire,
    private readonly spectators: Spectators,
    private readonly messagesPerSecond: number,
  ) {}

  intent(client: Client, type: IntentMessageType, payload: unknown): void {
    const seat = this.spectators.refuse(client, this.session.stateId) ? null : seatOf(client);
    if (seat === null || !this.withinBudget(client)) return;
    const parsed = parseIntentMessage(type, payload);
    const refusal =
      this.session.closedReason() ??
      (parsed.ok
        ? this.session.act(seat, parsed.intent, parsed.stateId)
        : { code: "invalid_message", message: parsed.message });
    if (refusal) this.refuse(client, refusal.code, refusal.message);
  }

  /** A client that registered its handlers late (or just reconnected) asks for its current `legal` list. */
  sync(client: Client): void {
    const seat = this.spectators.refuse(client, this.session.stateId) ? null : seatOf(client);
    if (seat !== null && this.withinBudget(client)) this.wire.resendLegal(client, seat);
  }

  unknown(client: Client, type: unknown): void {
    if (this.spectators.refuse(client, this.session.stateId) || !this.withinBudget(client)) return;
    this.error(client, "unknown_message", `unknown message type '${String(type).slice(0, 32)}'`);
  }

  /** Banned or revoked while seated: told why, and a running game is forfeited with end reason `banned`. */
  expel(client: Client, code: "banned" | "session_revoked", message: string): boolean {
    const seat = seatOf(client);
    if (seat === null) return false;
    this.error(client, code, message);
    this.session.expel(seat, "banned");
    return true;
  }

  private withinBudget(client: Client): boolean {
    if (takeFromBudget(client)) return true;
    this.refuse(client, "rate_limited", `more than ${this.messagesPerSecond} messages per second; message dropped`);
    return false;
  }

  /** A refused intent: counted in battleMetrics.intentsRejected. */
  private refuse(client: Client, code: string, message: string): void {
    battleMetrics.intentsRejected++;
    this.error(client, code, message);
  }

  private error(client: Client, code: string, message: string): void {
    send(client, "error", { code, message, stateId: this.session.stateId });
  }
}
