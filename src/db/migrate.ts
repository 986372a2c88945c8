import fs from "node:fs";
import path from "node:path";
import type { Knex } from "knex";

export const MIGRATIONS_DIR = path.resolve(__dirname, "../../migrations");

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Lists `migrations/*.ts` explicitly so knex works the same under tsx, on PostgreSQL and on PGlite. */
class DirectoryMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+_[\w-]+\.ts$/.test(f))
      .sort();
  }
  getMigrationName(file: string): string {
    return file.replace(/\.ts$/, "");
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
