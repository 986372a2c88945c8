import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import knex from "knex";

/**
 * Where a suite runs: the real PostgreSQL + Redis named by DATABASE_URL / REDIS_URL (CI sets both),
 * and always the embedded default (PGlite on disk, in-process store).
 */
export interface Backend {
  name: "postgres" | "embedded";
  /** Creates a fresh, empty database and returns env overrides pointing at it. */
  provision(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

export const REAL_DATABASE_URL = process.env.DATABASE_URL;
export const REAL_REDIS_URL = process.env.REDIS_URL;

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** A fresh, empty database on the server of baseUrl (tests and benchmarks), dropped by `drop()`. */
export async function createPostgresDatabase(
  baseUrl: string,
  prefix = "cg_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const admin = knex({ client: "pg", connection: baseUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.pathname = "/" + name;
  return {
    url: url.toString(),
    async drop() {
      const again = knex({ client: "pg", connection: baseUrl, pool: { min: 0, max: 1 } });
      await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}

/**
 * A Redis database of this run's own (1–8 by pid; the two-process test uses 9–14): Colyseus keeps
 * unprefixed global keys (process list, room caches), and a server of another run sharing them could be
 * chosen to host this run's rooms. Flushed once per run, so stale entries of a killed run are gone.
 */
let runRedisUrl: Promise<string> | null = null;
export function testRedisUrl(): Promise<string> {
  runRedisUrl ??= (async () => {
    const url = new URL(REAL_REDIS_URL!);
    url.pathname = "/" + (1 + (process.pid % 8));
    const redis = new Redis(url.toString());
    await redis.flushdb();
    redis.disconnect();
    return url.toString();
  })();
  return runRedisUrl;
}

export const postgresBackend: Backend = {
  name: "postgres",
  async provision() {
    const database = await createPostgresDatabase(REAL_DATABASE_URL!);
    const env: Record<string, string> = { DATABASE_URL: database.url };
    if (REAL_REDIS_URL) {
      env.REDIS_URL = await testRedisUrl();
      env.REDIS_KEY_PREFIX = uniqueName("t") + ":";
    }
    return { env, dispose: database.drop };
  },
};

export const embeddedBackend: Backend = {
  name: "embedded",
  async provision() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cg-pglite-"));
    return {
      env: { EMBEDDED_DB_DIR: dir, OUTBOX_FILE: path.join(dir, "outbox.jsonl") },
      async dispose() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export function testBackends(): Backend[] {
  if (!REAL_DATABASE_URL) {
    console.warn("  (DATABASE_URL is not set: running the embedded backend only; .ci/run sets it)");
    return [embeddedBackend];
  }
  return [postgresBackend, embeddedBackend];
}
