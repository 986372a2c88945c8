import { createHash } from "node:crypto";
import type { SharedStore } from "../store/shared-store";

/** Remembers accepted Steam tickets (as hashes) so a captured ticket cannot log in twice. */
export class TicketReplayGuard {
  constructor(
    private readonly store: SharedStore,
    private readonly windowMs: number,
  ) {}

  private key(ticket: string): string {
    return "ticket:" + createHash("sha256").update(ticket.toLowerCase()).digest("base64url");
  }

  /** Atomically marks the ticket as used; false when another request already used it. */
  claim(ticket: string): Promise<boolean> {
    return this.store.setIfAbsent(this.key(ticket), "1", this.windowMs);
  }

  /** Gives a claimed ticket back, when the login failed for a reason that was not the ticket's. */
  release(ticket: string): Promise<void> {
    return this.store.delete(this.key(ticket));
  }
}
