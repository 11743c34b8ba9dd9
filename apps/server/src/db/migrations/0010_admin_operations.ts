import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';

/**
 * What automation, auditing and mail need: API tokens (only their hashes), single-use password-reset
 * links (only their hashes, one per account), the language each person's mail is written in, and indexes
 * that let the audit log be filtered by person, event and time without reading it all.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', idType, (col) =>
      dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
    )
    // SHA-256 of the token, hex: a copy of the table does not let anyone call the API.
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    // 'admin' (everything the administrator's API allows) or 'read' (reading only).
    .addColumn('scope', 'text', (col) => col.notNull())
    // The administrator who created it: the token acts as them, and stops when they stop being one.
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('password_resets')
    // One link per account at a time: a new request replaces the previous link.
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();

  // The language mail is written in ('en', 'ja'); null means the service's default.
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();

  // The audit page filters by person (as actor or target), event and time, newest first.
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'id']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'id']).execute();
  await db.schema.createIndex('audit_log_event').on('audit_log').columns(['event', 'id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}
