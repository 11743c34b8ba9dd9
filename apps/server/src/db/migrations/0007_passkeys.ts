import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';

/**
 * Passkeys and security keys (WebAuthn credentials), and the challenges the service hands out for
 * them: stored server-side so any instance can finish a ceremony, each used once.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const bytesType = dialect === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('passkeys')
    .addColumn('id', idType, (col) =>
      dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey(),
    )
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    // base64url of the credential id the authenticator chose: what an assertion names.
    .addColumn('credential_id', 'text', (col) => col.notNull().unique())
    .addColumn('public_key', bytesType, (col) => col.notNull())
    .addColumn('counter', 'bigint', (col) => col.notNull())
    .addColumn('transports', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    // 1 when the authenticator verified the person (PIN, fingerprint) at registration.
    .addColumn('user_verified', 'integer', (col) => col.notNull())
    .addColumn('backed_up', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkeys_user').on('passkeys').column('user_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    // The challenge itself (base64url, 32 random bytes): what the browser's signed data names.
    .addColumn('challenge', 'text', (col) => col.primaryKey())
    .addColumn('purpose', 'text', (col) => col.notNull())
    // What the challenge is bound to: the session id (hash) that asked for it.
    .addColumn('binding', 'text', (col) => col.notNull())
    .addColumn('user_id', 'integer', (col) => col.references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
}
