import type { BattleClock } from "../../battle/battle-session";

/**
 * A battle room's timers (join, mulligan, turn, and the short delays before it closes) on Node's own timers,
 * all cleared when the room is disposed. Colyseus' room clock runs its timers only when the room ticks it, and
 * a room ticking every 250 ms was 20,000 wake-ups per second at 10,000 players for timers seconds long
 * (docs/BENCHMARKS.md, "Fix: pings spread over the interval, and battle timers on Node timers"). A callback
 * that throws is reported to `onError`.
 */
export class RoomTimers implements BattleClock {
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly onError: (err: unknown) => void) {}

  after(ms: number, fn: () => void): { clear(): void } {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      try {
        fn();
      } catch (err) {
        this.onError(err);
      }
    }, ms);
    this.pending.add(timer);
    return {
      clear: () => {
        clearTimeout(timer);
        this.pending.delete(timer);
      },
    };
  }

  now(): number {
    return Date.now();
  }

  clearAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
