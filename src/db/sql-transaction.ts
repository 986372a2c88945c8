import type { Knex } from "knex";

/** Runs one SQL statement (`?` placeholders, as in knex.raw) and returns its rows. */
export type SqlQuery = (sql: string, bindings: readonly unknown[]) => Promise<Array<Record<string, unknown>>>;

interface PgClient {
  query(config: {
    name: string;
    text: string;
    values: readonly unknown[];
  }): Promise<{ rows: Array<Record<string, unknown>> }>;
  query(text: string): Promise<unknown>;
}

const pgTexts = new Map<string, { name: string; text: string }>();

/** `?` → `$1, $2…`, and a statement name, once per SQL text (named statements are parsed once per connection). */
function pgStatement(sql: string): { name: string; text: string } {
  let statement = pgTexts.get(sql);
  if (!statement) {
    let n = 0;
    statement = { name: `cg_${pgTexts.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    pgTexts.set(sql, statement);
  }
  return statement;
}

/** Whether this knex pools `pg` clients (PGlite's knex client reports the driver name "pg" too, so ask the config). */
const poolsPgClients = (knex: Knex) => knex.client.config.client === "pg";

/**
 * One raw statement, outside any transaction. On PostgreSQL it is a named (prepared) statement on a pooled
 * `pg` client: parsed and planned once per connection instead of on every call, which halves the
 * database's CPU for the login statement. Elsewhere (PGlite) it is knex.raw.
 */
export async function runSqlStatement(
  knex: Knex,
  sql: string,
  bindings: readonly unknown[],
): Promise<Array<Record<string, unknown>>> {
  if (!poolsPgClients(knex)) return (await knex.raw(sql, bindings as readonly Knex.RawBinding[])).rows;
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    return (await client.query({ ...pgStatement(sql), values: bindings })).rows;
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/**
 * One transaction of raw statements. On PostgreSQL it drives the pooled `pg` client directly with named
 * (prepared) statements: this runs at the end of every battle, and the knex transaction machinery cost
 * the game server more CPU than the statements themselves. Elsewhere (PGlite) it is a knex transaction.
 */
export async function inSqlTransaction<T>(knex: Knex, work: (query: SqlQuery) => Promise<T>): Promise<T> {
  if (!poolsPgClients(knex)) {
    return knex.transaction((trx) =>
      work(async (sql, bindings) => (await trx.raw(sql, bindings as readonly Knex.RawBinding[])).rows),
    );
  }
  const client = (await knex.client.acquireConnection()) as PgClient;
  try {
    await client.query("BEGIN");
    try {
      const result = await work(
        async (sql, bindings) => (await client.query({ ...pgStatement(sql), values: bindings })).rows,
      );
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  } finally {
    await knex.client.releaseConnection(client);
  }
}
