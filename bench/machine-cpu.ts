/**
 * CPU time per process group and for the whole machine, read from /proc (Linux), so a benchmark can say
 * where each request's CPU went: server, PostgreSQL, Redis, Steam stub, load generator. Null elsewhere.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports.

export interface CpuSample {
  /** CPU seconds (user + system) per group. */
  groups: Record<string, number>;
  /** CPU seconds per process of each pid or command group (not for selfAndExitedChildren). */
  perProcess: Record<string, Map<number, number>>;
  /** Busy CPU seconds of the whole machine (all cores), and wall-clock cores available. */
  machineBusy: number;
  cores: number;
}

/**
 * A group is a set of pids, every process whose command name matches, or this process together with its
 * children that have exited (a load generator run as a child process, read after it ended).
 */
export type ProcessGroup = { pids: () => number[] } | { comm: RegExp } | { selfAndExitedChildren: true };

function processSeconds(pid: number | "self", withExitedChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const own = Number(fields[11]) + Number(fields[12]); // utime, stime
    const children = withExitedChildren ? Number(fields[13]) + Number(fields[14]) : 0; // cutime, cstime
    return (own + children) / TICKS_PER_SECOND;
  } catch {
    return 0; // exited
  }
}

function pidsByCommand(pattern: RegExp): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (pattern.test(readFileSync(`/proc/${entry}/comm`, "utf8").trim())) pids.push(Number(entry));
    } catch {
      /* exited */
    }
  }
  return pids;
}

export function sampleCpu(groups: Record<string, ProcessGroup>): CpuSample | null {
  let stat: string;
  try {
    stat = readFileSync("/proc/stat", "utf8");
  } catch {
    return null;
  }
  const lines = stat.split("\n");
  const all = lines[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busyTicks = all.slice(0, 8).reduce((a, b) => a + b, 0) - all[3] - all[4];
  const cores = lines.filter((l) => /^cpu\d+ /.test(l)).length;
  const out: Record<string, number> = {};
  const perProcess: Record<string, Map<number, number>> = {};
  for (const [name, group] of Object.entries(groups)) {
    if ("selfAndExitedChildren" in group) {
      out[name] = processSeconds("self", true);
      continue;
    }
    const pids = "pids" in group ? group.pids() : pidsByCommand(group.comm);
    perProcess[name] = new Map(pids.map((pid) => [pid, processSeconds(pid)]));
    out[name] = [...perProcess[name].values()].reduce((a, b) => a + b, 0);
  }
  return { groups: out, perProcess, machineBusy: busyTicks / TICKS_PER_SECOND, cores };
}

/**
 * CPU seconds a group used between two samples, over the processes alive at the second one (a process started
 * in between counts whole). A process that exited in between is left out, so for groups whose processes come
 * and go (PostgreSQL backends) this is a lower bound, never the negative difference of two sums.
 */
export function groupSecondsBetween(before: CpuSample, after: CpuSample, name: string): number {
  const was = before.perProcess[name];
  const now = after.perProcess[name];
  if (!was || !now) return after.groups[name] - before.groups[name];
  let seconds = 0;
  for (const [pid, s] of now) seconds += Math.max(0, s - (was.get(pid) ?? 0));
  return seconds;
}

/** Microseconds of CPU per operation for each group between two samples, plus the machine's share. */
export function cpuPerOperation(
  before: CpuSample | null,
  after: CpuSample | null,
  operations: number,
  seconds: number,
) {
  if (!before || !after || operations <= 0) return null;
  const perOp: Record<string, number> = {};
  for (const name of Object.keys(after.groups)) {
    perOp[name] = Math.round(((after.groups[name] - (before.groups[name] ?? 0)) * 1e6) / operations);
  }
  const machineUs = ((after.machineBusy - before.machineBusy) * 1e6) / operations;
  return {
    usPerOperation: perOp,
    machineUsPerOperation: Math.round(machineUs),
    machineBusyPercent: Math.round(((after.machineBusy - before.machineBusy) / (seconds * after.cores)) * 1000) / 10,
    /** Operations/s the machine could do at 100% of every core, at this CPU cost per operation. */
    machineCeilingPerSec: Math.round((after.cores * 1e6) / machineUs),
  };
}
