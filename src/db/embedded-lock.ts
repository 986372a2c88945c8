import fs from "node:fs";
import path from "node:path";
import { StartupError } from "../lifecycle/startup-error";

const LOCK_FILE = "server.lock";
/** Directories this process holds, with how many open databases use each. */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite belongs to one process: two servers on one directory corrupt it. The lock is a file holding the
 * owner's pid, created atomically; a lock left by a process that no longer runs (a crash) is taken over.
 * Returns the release function.
 */
export function lockEmbeddedDirectory(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const release = () => {
    const count = (held.get(dir) ?? 1) - 1;
    if (count > 0) return void held.set(dir, count);
    held.delete(dir);
    fs.rmSync(file, { force: true });
  };
  if (held.has(dir)) {
    held.set(dir, held.get(dir)! + 1);
    return release;
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      held.set(dir, 1);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = Number(fs.readFileSync(file, "utf8").trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new StartupError(
        "EMBEDDED_DB_DIR",
        `${dir} is in use by another server (pid ${owner}); the embedded database belongs to one process. Stop that server, or give this one another EMBEDDED_DB_DIR (or DATABASE_URL)`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new StartupError("EMBEDDED_DB_DIR", `could not lock ${dir} (${file} keeps reappearing)`);
}
