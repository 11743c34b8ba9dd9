import type { Kysely } from 'kysely';

/**
 * Per-app "requires a passkey": the app accepts only a phishing-resistant sign-in (a passkey or a
 * security key, acr `urn:kakunin:acr:phr`). Existing apps keep what they had (off).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('oidc_apps')
    .addColumn('requires_passkey', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}
