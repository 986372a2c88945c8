import { PostgresInstance } from "./instances";

let instance: Promise<PostgresInstance> | null = null;
let databases = 0;

/** The suite's own PostgreSQL (created on first use, destroyed by the root hook in root-hooks.ts). */
export function suitePostgres(): Promise<PostgresInstance> {
  instance ??= PostgresInstance.create();
  return instance;
}

/** A database name unique in this run. */
export function nextDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${++databases}`;
}

export async function destroySuitePostgres(): Promise<void> {
  const pg = await instance?.catch(() => null);
  instance = null;
  await pg?.destroy();
}
