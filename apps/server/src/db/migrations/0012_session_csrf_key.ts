import type { Kysely } from 'kysely';

/**
 * What the pages' form tokens are bound to: a random key per sign-in, kept when re-authentication
 * renews the session's token (a form open in another tab stays good), new at each sign-in step.
 * Sessions opened before this column existed have none and stay bound to their row id, as before.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('csrf_key', 'text').execute();
}
