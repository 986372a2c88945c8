import type { Services } from "../services";
import { startDeadProcessSweep } from "./dead-process-sweep";
import { relistAfterRedisReturns } from "./redis-return";

/** The per-process background work that keeps a Redis cluster's room listings true; returns its stop. */
export function startClusterUpkeep(services: Services): () => void {
  if (!services.redis) return () => undefined;
  const stops = [startDeadProcessSweep(), relistAfterRedisReturns(services.redis)];
  return () => {
    for (const stop of stops) stop();
  };
}
