import { openDatabase, type Database } from "../../src/db/database";
import { migrateLatest } from "../../src/db/migrate";
import type { Backend } from "./backends";
import { testConfig } from "./test-app";

/**
 * Mocha hooks for a suite that talks to the database layer directly: a fresh database on `backend`, migrated
 * to the latest schema before the suite (handed to `use`), closed and dropped after it.
 */
export function useMigratedDatabase(backend: Backend, use: (db: Database) => void): void {
  let db: Database | undefined;
  let dispose: (() => Promise<void>) | undefined;
  before(async () => {
    const provisioned = await backend.provision();
    dispose = provisioned.dispose;
    const config = testConfig(provisioned.env);
    db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
    await migrateLatest(db.knex);
    use(db);
  });
  after(async () => {
    await db?.close();
    await dispose?.();
  });
}
