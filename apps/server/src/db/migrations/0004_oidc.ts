import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations.js';

/**
 * The OpenID Connect provider's storage: one table of JSON payloads (codes, tokens, grants, sessions,
 * interactions) keyed by model and id, the registered apps, the signing keys and the stable subjects.
 * "If not exists" throughout: SQLite has no migration lock, and several instances starting at once on a
 * new file may run this side by side (the loser then finds it recorded and stops).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function oidc(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const bytesType = dialect === 'postgres' ? 'bytea' : 'blob';

  await db.schema
    .createTable('oidc_payloads')
    .ifNotExists()
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    // The lookups oidc-provider makes besides (model, id), and revocation by person.
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('account_id', 'text')
    // Deleting an app deletes what was issued to it (rare: no index).
    .addColumn('client_id', 'text')
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
    .execute();
  await db.schema
    .createIndex('oidc_payloads_grant')
    .ifNotExists()
    .on('oidc_payloads')
    .column('grant_id')
    .execute();
  await db.schema.createIndex('oidc_payloads_uid').ifNotExists().on('oidc_payloads').column('uid').execute();
  await db.schema
    .createIndex('oidc_payloads_user_code')
    .ifNotExists()
    .on('oidc_payloads')
    .column('user_code')
    .execute();
  await db.schema
    .createIndex('oidc_payloads_account')
    .ifNotExists()
    .on('oidc_payloads')
    .column('account_id')
    .execute();

  // One opaque, stable `sub` per person: never the username, which an administrator may reuse.
  await db.schema
    .createTable('oidc_subjects')
    .ifNotExists()
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('subject', 'text', (col) => col.notNull().unique())
    .execute();

  await db.schema
    .createTable('oidc_apps')
    .ifNotExists()
    .addColumn('client_id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    // JSON arrays of exact URIs.
    .addColumn('redirect_uris', 'text', (col) => col.notNull())
    .addColumn('post_logout_redirect_uris', 'text', (col) => col.notNull())
    .addColumn('public', 'integer', (col) => col.notNull())
    .addColumn('token_endpoint_auth_method', 'text', (col) => col.notNull())
    // AES-256-GCM box of the client secret (null for public apps), bound to the client id.
    .addColumn('secret_box', bytesType)
    .addColumn('requires_two_factor', 'integer', (col) => col.notNull())
    .addColumn('ask_consent', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('oidc_signing_keys')
    .ifNotExists()
    .addColumn('kid', 'text', (col) => col.primaryKey())
    .addColumn('alg', 'text', (col) => col.notNull())
    // The private JWK, sealed with the service's secret key and bound to the kid.
    .addColumn('private_box', bytesType, (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    // Set when a newer key took over; the public key stays published until retired_at + grace.
    .addColumn('retired_at', 'bigint')
    .execute();
}
