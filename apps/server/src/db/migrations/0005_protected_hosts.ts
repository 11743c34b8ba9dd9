import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';

/** Forward-auth rules: one row per host (or `*.domain`) an administrator puts behind Kakunin. */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function protectedHosts(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('protected_hosts')
    .addColumn('id', idType, (col) =>
      dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
    )
    .addColumn('host', 'text', (col) => col.notNull().unique())
    // JSON arrays; both empty = any signed-in user may enter.
    .addColumn('allowed_users', 'text', (col) => col.notNull())
    .addColumn('allowed_roles', 'text', (col) => col.notNull())
    .addColumn('two_factor', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();
}
