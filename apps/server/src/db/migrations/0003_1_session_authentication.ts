import type { Kysely } from 'kysely';

/**
 * Sessions remember how and when the person proved who they are: `auth_time` (the last time all their
 * factors were proven), `amr` (RFC 8176 method values, JSON), and `reauth_at` (the last time a
 * sensitive change was confirmed with a current factor). Sessions from before have none: they count
 * as not recently authenticated, so the first sensitive change asks for a factor again.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('auth_time', 'bigint').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('amr', 'text', (col) => col.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('sessions').addColumn('reauth_at', 'bigint').execute();
}
