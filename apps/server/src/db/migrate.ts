import { Migrator } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Database } from './open.js';

/**
 * Brings the schema up to date; throws with the failing migration's name when one fails.
 * PostgreSQL serialises concurrent migrators with an advisory lock; SQLite has no such lock, so when
 * several processes start on a new file at once the losers fail and try again, then find it done.
 */
export async function migrate(database: Database, attempts = 10): Promise<string[]> {
  const { error, results } = await migrator(database).migrateToLatest();
  if (!error)
    return (results ?? [])
      .filter((result) => result.status === 'Success')
      .map((result) => result.migrationName);
  if (database.dialect === 'sqlite' && attempts > 1) {
    // The winner may still be inside a migration of several tables: give it time to record it.
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    return migrate(database, attempts - 1);
  }
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
  throw new Error(
    `database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: migrationProvider(database.dialect),
    // Migrations are numbered as they are written, not as they land: a database that already ran a
    // later number still takes an earlier one that arrived after it.
    allowUnorderedMigrations: true,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}

/** The database role cannot change the schema: start only if `kakunin-server migrate` has run. */
export class MigrationsPendingError extends Error {
  readonly code = 'MIGRATIONS_PENDING';
}

/** Throws MigrationsPendingError naming the migrations not applied yet (KAKUNIN_MIGRATE_ON_START=false). */
export async function requireMigrated(database: Database): Promise<void> {
  const pending = (await migrator(database).getMigrations()).filter((migration) => !migration.executedAt);
  if (pending.length === 0) return;
  throw new MigrationsPendingError(
    `the database needs the migrations ${pending.map((migration) => migration.name).join(', ')}. ` +
      'Run "kakunin-server migrate" with a role that may change the schema, then start again.',
  );
}
