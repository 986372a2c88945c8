import fs from "node:fs";
import path from "node:path";
import type { Knex } from "knex";
import { PROJECT_ROOT } from "../project-root";

// From sources (tsx) the migrations are migrations/*.ts; from the build (dist/index.mjs, one bundle) they are the
// compiled dist/migrations/*.js beside it (scripts/build-server.ts). Either way a migration's name has no extension.
const RUNNING_BUILD = !__filename.endsWith(".ts");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, RUNNING_BUILD ? "dist/migrations" : "migrations");
const MIGRATION_FILE = RUNNING_BUILD ? /^\d+_[\w-]+\.js$/ : /^\d+_[\w-]+\.ts$/;

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Lists the migration files explicitly so knex works the same under tsx and from dist/, on PostgreSQL and on PGlite. */
class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => MIGRATION_FILE.test(f))
      .sort();
  }
  getMigrationName(file: string): string {
    return file.replace(/\.[jt]s$/, "");
  }
  async getMigration(file: string): Promise<MigrationModule> {
    return require(path.join(MIGRATIONS_DIR, file)) as MigrationModule;
  }
}

const migrationConfig = (): Knex.MigratorConfig => ({
  migrationSource: new DirectoryMigrationSource(),
  tableName: "knex_migrations",
});

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest(migrationConfig());
  return applied as string[];
}

export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, rolledBack] = await knex.migrate.rollback(migrationConfig(), true);
  return rolledBack as string[];
}

export async function migrationStatus(knex: Knex): Promise<{ completed: string[]; pending: string[] }> {
  const [completed, pending] = await knex.migrate.list(migrationConfig());
  return {
    completed: (completed as Array<{ name: string }>).map((m) => m.name),
    pending: (pending as string[]).map((m) => String(m)),
  };
}
