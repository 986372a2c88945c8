import { matchMaker } from "@colyseus/core";
import { errorFields, log } from "../logger";

/** How often the cluster is checked for processes that died without a graceful shutdown. */
export const DEAD_PROCESS_SWEEP_MS = 10_000;

/**
 * Colyseus removes a dead process (its room listings and its entry in the process list, so no room is
 * created there) only at a process's start-up and after a request to it timed out. This runs the same
 * health check every DEAD_PROCESS_SWEEP_MS: processes whose presence channel is gone (killed, or cut off
 * from Redis) get one IPC health check and, unanswered, are removed. A process that was only stalled puts
 * its listings back by itself (Colyseus' "swept" receipt).
 */
export function startDeadProcessSweep(intervalMs = DEAD_PROCESS_SWEEP_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running || matchMaker.state !== matchMaker.MatchMakerState.READY) return;
    running = true;
    matchMaker
      .healthCheckAllProcesses()
      .catch((err) => log.debug("dead process sweep failed", errorFields(err)))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
