import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import knex, { type Knex } from "knex";
import ClientPgLite from "knex-pglite";
import pg from "pg";
import { lockEmbeddedDirectory } from "./embedded-lock";

// BIGINT (int8) stays a decimal string with `pg`; SteamID64 must never become a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface Database {
  knex: Knex;
  /**
   * Same database, but its connections commit with synchronous_commit off: for writes whose loss in a
   * PostgreSQL crash is harmless (see docs/operations.md "What is durable"). The embedded database uses `knex`.
   */
  asyncCommitKnex: Knex;
  kind: "postgres" | "embedded";
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  embeddedDir: string;
  poolMax?: number;
  /** Server-side statement_timeout; the client also gives up this + 2 s later (a frozen server answers nothing). */
  statementTimeoutMs?: number;
  /** TCP keepalive idle time before the first probe; 0 = off. */
  keepAliveSeconds?: number;
  connectTimeoutMs?: number;
}

/** The client gives up on a statement this much after the server should have cancelled it itself. */
const CLIENT_TIMEOUT_MARGIN_MS = 2000;

/** node-postgres connection settings shared by both pools (see docs/configuration.md "PostgreSQL"). */
function pgConnection(options: DatabaseOptions) {
  const keepAlive = (options.keepAliveSeconds ?? 0) > 0;
  return {
    connectionString: options.databaseUrl,
    ...(options.statementTimeoutMs
      ? {
          statement_timeout: options.statementTimeoutMs,
          query_timeout: options.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
        }
      : {}),
    keepAlive,
    ...(keepAlive ? { keepAliveInitialDelayMillis: options.keepAliveSeconds! * 1000 } : {}),
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Two pools on the same server: `knex` (durable writes, reads) and `asyncCommitKnex` (synchronous_commit off).
    const db = knex({
      client: "pg",
      connection: pgConnection(options),
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 10_000,
    });
    const asyncCommit = knex({
      client: "pg",
      connection: pgConnection(options),
      pool: {
        min: 0,
        max: Math.max(2, Math.ceil((options.poolMax ?? 10) / 2)),
        afterCreate: (
          conn: { query(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) => conn.query("SET synchronous_commit TO off", (err) => done(err, conn)),
      },
      acquireConnectionTimeout: 10_000,
    });
    return {
      knex: db,
      asyncCommitKnex: asyncCommit,
      kind: "postgres",
      close: async () => {
        await asyncCommit.destroy();
        await db.destroy();
      },
    };
  }
  fs.mkdirSync(options.embeddedDir, { recursive: true });
  const unlock = lockEmbeddedDirectory(options.embeddedDir);
  const pglite = new PGlite(options.embeddedDir);
  try {
    await pglite.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const db = knex({ client: ClientPgLite, dialect: "postgres", connection: { pglite } as never });
  return {
    knex: db,
    asyncCommitKnex: db,
    kind: "embedded",
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
}

/** One trivial round trip: resolves while the database answers. */
export async function pingDatabase(knex: Knex): Promise<void> {
  await knex.raw("select 1");
}
