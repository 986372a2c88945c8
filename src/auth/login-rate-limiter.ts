import type { SharedStore } from "../store/shared-store";

/** Fixed one-minute window per client IP, shared by all processes through the store. */
export class LoginRateLimiter {
  constructor(
    private readonly store: SharedStore,
    private readonly perMinute: number,
  ) {}

  /** Returns 0 when allowed, else the seconds until the window resets. */
  async hit(ip: string, nowMs = Date.now()): Promise<number> {
    const windowStart = Math.floor(nowMs / 60_000);
    const count = await this.store.incrementWindow(`login-rate:${ip}:${windowStart}`, 61_000);
    if (count <= this.perMinute) return 0;
    return Math.max(1, Math.ceil(((windowStart + 1) * 60_000 - nowMs) / 1000));
  }
}
