import { loadConfig } from "../config";
import { openDatabase } from "../db/database";
import { migrateLatest, migrateRollbackAll, migrationStatus } from "../db/migrate";

/** `npm run migrate [-- latest|rollback|status]` against DATABASE_URL, or the embedded database. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? "latest";
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.EMBEDDED_DB_DIR });
  try {
    if (command === "latest") console.log(JSON.stringify({ applied: await migrateLatest(db.knex) }));
    else if (command === "rollback") console.log(JSON.stringify({ rolledBack: await migrateRollbackAll(db.knex) }));
    else if (command === "status") console.log(JSON.stringify(await migrationStatus(db.knex)));
    else throw new Error(`unknown command '${command}' (latest | rollback | status)`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
