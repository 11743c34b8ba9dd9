import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  sql,
} from 'kysely';
import { attemptCounters } from './migrations/0002_attempt_counters.js';

import * as sessionAuthentication from './migrations/0003_1_session_authentication.js';
import { oidc } from './migrations/0004_oidc.js';
import { protectedHosts } from './migrations/0005_protected_hosts.js';
import * as formSubmissions from './migrations/0006_form_submissions.js';
import * as passkeys from './migrations/0007_passkeys.js';
import * as accounts from './migrations/0008_accounts.js';
import * as appRequiresPasskey from './migrations/0009_app_requires_passkey.js';
import * as adminOperations from './migrations/0010_admin_operations.js';
import * as authzEpoch from './migrations/0011_authz_epoch.js';
import * as sessionCSRFKey from './migrations/0012_session_csrf_key.js';

export type Dialect = 'sqlite' | 'postgres';

/** The migrations, in code so that a build needs no extra files; one set for both dialects. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': { up: (db) => initial(db, dialect) },
    '0002_attempt_counters': { up: (db) => attemptCounters(db, dialect) },
    '0003_1_session_authentication': sessionAuthentication,
    '0004_oidc': { up: (db) => oidc(db, dialect) },
    '0005_protected_hosts': { up: (db) => protectedHosts(db, dialect) },
    '0006_form_submissions': { up: (db) => formSubmissions.up(db, dialect) },
    '0007_passkeys': { up: (db) => passkeys.up(db, dialect) },
    '0008_accounts': accounts,
    '0009_app_requires_passkey': appRequiresPasskey,
    '0010_admin_operations': { up: (db) => adminOperations.up(db, dialect) },
    '0011_authz_epoch': { up: (db) => authzEpoch.up(db, dialect) },
    '0012_session_csrf_key': sessionCSRFKey,
  };
  return { getMigrations: async () => migrations };
}

// Kysely<any> is what migrations get: they run before the typed schema exists.
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
async function initial(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  const bytesType = dialect === 'postgres' ? 'bytea' : 'blob';
  const autoIncrement = dialect === 'sqlite';
  const id = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    autoIncrement ? col.primaryKey().autoIncrement() : col.primaryKey();

  await db.schema
    .createTable('users')
    .addColumn('id', idType, id)
    .addColumn('username', 'text', (col) => col.notNull().unique())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('failed_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('consecutive_failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .execute();

  await db.schema
    .createTable('totp_credentials')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('secret_box', bytesType, (col) => col.notNull())
    .addColumn('last_step', 'bigint', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('totp_credentials_user_state', ['user_id', 'state'])
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('stage', 'text', (col) => col.notNull())
    .addColumn('code_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('ip', 'text')
    // On SQLite the token hash is the row key itself: rotating it at sign-in rewrites one b-tree, not two.
    .$call((builder) => (dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder))
    .execute();
  // No index on expires_at: only the sweep every few minutes reads it, and each sign-in would pay for it.
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', idType, id)
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('actor', 'text')
    .addColumn('target', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute();
  // No secondary index: the log is read newest first by id, and every sign-in appends to it.

  await db.schema
    .createTable('ip_failures')
    .addColumn('ip', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('window_start', 'bigint', (col) => col.notNull())
    .execute();
}
