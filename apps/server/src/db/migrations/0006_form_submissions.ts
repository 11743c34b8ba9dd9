import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';

/**
 * Single-use submission tokens of the pages' forms: one row per submitted form, holding its answer
 * (sealed) for a few minutes, so a second submit of the same form gets the first answer on any
 * instance. See web/submission.ts.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('form_submissions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('answer', dialect === 'postgres' ? 'bytea' : 'blob')
    .execute();
}
