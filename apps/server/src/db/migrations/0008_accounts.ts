import type { Kysely } from 'kysely';

/**
 * What people and administrators manage about an account: a display name and an email address, a
 * disabled state (no sign-in of any kind), and a password the person must change at the next sign-in
 * (one-time passwords from an import or an administrator). Sessions remember the browser that opened
 * them (User-Agent) and when they were last used, for the "my sessions" lists.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
  // Lower case; unique when set (both dialects allow several NULLs in a unique index).
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema.createIndex('users_email').unique().on('users').column('email').execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
}
