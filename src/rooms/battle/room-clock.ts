import type { Room } from "@colyseus/core";
import type { BattleClock } from "../../battle/battle-session";

/**
 * A battle session's clock on a room's clock. Callbacks run just outside the clock's tick: publishing calls
 * broadcastPatch(), which ticks the clock itself, and a tick must not run inside a tick. A callback that
 * throws is reported as the room's uncaught exception.
 */
export function roomClock(room: Pick<Room, "clock">, onError: (err: unknown) => void): BattleClock {
  return {
    after: (ms, fn) =>
      room.clock.setTimeout(() => {
        setImmediate(() => {
          try {
            fn();
          } catch (err) {
            onError(err);
          }
        });
      }, ms),
    now: () => Date.now(),
  };
}
