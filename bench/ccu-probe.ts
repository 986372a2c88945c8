/**
 * Loaded into a server process by bench/ccu.ts (`--import ./bench/ccu-probe.ts`): measures what only the
 * process itself can see (event-loop delay, GC pauses, heap) and answers the bench over the IPC channel of
 * the spawned child, so nothing is exposed on a network route. Does nothing without an IPC channel.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

if (process.send && process.channel) {
  // The bench went away (killed, crashed): shut down as on SIGTERM rather than live on as an orphan.
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  const RESOLUTION_MS = 10;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const lateness = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  loop.enable();
  let gcMs = 0;
  let gcCount = 0;
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcCount++;
      if (entry.duration > gcMaxMs) gcMaxMs = entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  let cpuAtReset = process.cpuUsage();
  let resetAt = performance.now();

  // CPU profile of one measured window (CCU_PROFILE_DIR in bench/ccu.ts), not of start-up and ramp. With
  // `allocations`, a sampling allocation profile too (every allocation, also those collected since: the garbage
  // the GC has to deal with), written beside it as .heapprofile.
  let profiler: Session | null = null;
  process.on("message", async (message: { type?: string; file?: string; allocations?: boolean }) => {
    if (message?.type === "ccu-profile-start" && !profiler) {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
      if (message.allocations) {
        await profiler.post("HeapProfiler.enable");
        await profiler.post("HeapProfiler.startSampling", {
          samplingInterval: 64 * 1024,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      }
    } else if (message?.type === "ccu-profile-stop" && profiler && message.file) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(message.file, JSON.stringify(profile));
      if (message.allocations) {
        const sampled = await profiler.post("HeapProfiler.stopSampling");
        writeFileSync(message.file.replace(/\.cpuprofile$/, ".heapprofile"), JSON.stringify(sampled.profile));
      }
      profiler.disconnect();
      profiler = null;
    }
  });

  process.on("message", (message: { type?: string }) => {
    if (message?.type !== "ccu-probe") return;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage(cpuAtReset);
    const seconds = (performance.now() - resetAt) / 1000;
    process.send!({
      type: "ccu-probe",
      seconds,
      // ns → ms, less the sampling timer's own 10 ms: what is left is how late the loop ran it.
      eventLoopP50Ms: lateness(loop.percentile(50)),
      eventLoopP99Ms: lateness(loop.percentile(99)),
      eventLoopMaxMs: lateness(loop.max),
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      rssMB: memory.rss / 2 ** 20,
      heapUsedMB: memory.heapUsed / 2 ** 20,
      externalMB: memory.external / 2 ** 20,
      gcMs,
      gcCount,
      gcMaxMs,
    });
    loop.reset();
    gcMs = 0;
    gcCount = 0;
    gcMaxMs = 0;
    cpuAtReset = process.cpuUsage();
    resetAt = performance.now();
  });
  // The channel must not keep a server alive that is otherwise shutting down.
  process.channel.unref();
}
