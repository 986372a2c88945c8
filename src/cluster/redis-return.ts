import { matchMaker } from "@colyseus/core";
import type Redis from "ioredis";
import { errorFields, log } from "../logger";

/** The listings are put back at once and again a little later, when every other connection has reconnected. */
const RELIST_DELAYS_MS = [0, 3000, 10_000];

/**
 * After Redis comes back from an outage it may have lost everything (no persistence) or an outage's worth
 * of writes: this process re-announces itself in Colyseus' process list and re-creates the listings of the
 * rooms it hosts that are missing (both idempotent), so reconnections (`/matchmake/reconnect`) and room
 * lookups find them again. Queue tickets are put back by the queue rooms' heartbeats.
 */
export function relistAfterRedisReturns(redis: Redis): () => void {
  let lost = false;
  const timers = new Set<NodeJS.Timeout>();
  const onClose = () => {
    lost = true;
  };
  const onReady = () => {
    if (!lost) return;
    lost = false;
    log.info("Redis is back: re-announcing this process and its room listings");
    for (const delay of RELIST_DELAYS_MS) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void relist();
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  };
  redis.on("close", onClose);
  redis.on("ready", onReady);
  return () => {
    redis.off("close", onClose);
    redis.off("ready", onReady);
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}

async function relist(): Promise<void> {
  if (matchMaker.state !== matchMaker.MatchMakerState.READY) return;
  try {
    await matchMaker.stats.persist(true);
    await matchMaker.restoreMissingRoomCaches();
  } catch (err) {
    log.warn("could not re-create room listings after a Redis outage", errorFields(err));
  }
}
