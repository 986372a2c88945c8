import type { SharedStore } from "../store/shared-store";

/**
 * Fixed one-minute window per client IP (or another key: a token family), shared by all processes through
 * the store. The login route's; /auth/refresh and /auth/logout have their own under another key prefix.
 */
export class LoginRateLimiter {
  constructor(
    private readonly store: SharedStore,
    private readonly perMinute: number,
    private readonly keyPrefix = "login-rate",
  ) {}

  /** Returns 0 when allowed, else the seconds until the window resets. */
  async hit(ip: string, nowMs = Date.now()): Promise<number> {
    const windowStart = Math.floor(nowMs / 60_000);
    const count = await this.store.incrementWindow(`${this.keyPrefix}:${ip}:${windowStart}`, 61_000);
    if (count <= this.perMinute) return 0;
    return Math.max(1, Math.ceil(((windowStart + 1) * 60_000 - nowMs) / 1000));
  }
}
