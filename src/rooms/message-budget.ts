/**
 * Per-client message budget (token bucket): a client over its rate gets an `error` and its message is
 * dropped, instead of being disconnected; Colyseus' own maxMessagesPerSecond stays as a hard ceiling.
 */
export class MessageBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond * 2,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Spends one message; false when the client is over its budget. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
