import { createKeyFile, KeyFileError, keyFilePath, readKeyFile } from '../crypto/key-file.js';
import { SecretBoxError } from '../crypto/secret-box.js';
import { type Database, ownTables } from '../db/open.js';
import type { DB } from '../db/schema.js';
import type { ServiceContext } from './context.js';

export const KEY_CHECK_SETTING = 'key_check';
export const KEY_CHECK_CONTEXT = 'kakunin/key-check/v1';
/** Set by the first key rotation: the recovery-code key kept from before it, sealed. */
export const RECOVERY_CODE_KEY_SETTING = 'recovery_code_key';
export const RECOVERY_CODE_KEY_CONTEXT = 'kakunin/recovery-code-key/v1';
const PLAINTEXT = new TextEncoder().encode('kakunin key check');

/** The master key does not open what this database was sealed with. */
export class SecretKeyMismatchError extends Error {
  readonly code = 'SECRET_KEY_MISMATCH';

  constructor() {
    super(
      'the master key does not match this database (KAKUNIN_SECRET_KEY or the key file changed). ' +
        'Restore the key this database was created with; with another key no registered authenticator works. ' +
        'If `kakunin-server rotate-key` was interrupted, run it again to finish.',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/**
 * Seals a known value on first start and checks on every start that the key opens it, so a wrong
 * key stops the service with a clear message instead of failing every second-factor sign-in. After a
 * key rotation, also takes the recovery-code key kept from before it.
 */
export async function checkSecretKey(ctx: ServiceContext): Promise<void> {
  const sealed = Buffer.from(ctx.box.seal(PLAINTEXT, KEY_CHECK_CONTEXT)).toString('base64');
  await ctx.db
    .insertInto('settings')
    .values({ key: KEY_CHECK_SETTING, value: sealed })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const rows = await ctx.db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', [KEY_CHECK_SETTING, RECOVERY_CODE_KEY_SETTING])
    .execute();
  const open = (key: string, context: string) => {
    const row = rows.find((each) => each.key === key);
    return row && ctx.box.open(new Uint8Array(Buffer.from(row.value, 'base64')), context);
  };
  try {
    open(KEY_CHECK_SETTING, KEY_CHECK_CONTEXT);
    const kept = open(RECOVERY_CODE_KEY_SETTING, RECOVERY_CODE_KEY_CONTEXT);
    if (kept) ctx.recoveryCodeKey = kept;
  } catch (error) {
    if (error instanceof SecretBoxError) throw new SecretKeyMismatchError();
    throw error;
  }
}

/**
 * The master key: `KAKUNIN_SECRET_KEY` when set, else the key file in the data directory. A key file
 * is created only for a database that holds nothing sealed yet: a new key next to an existing
 * database would lock every second factor out, so a missing key file then stops the start.
 */
export async function resolveSecretKey(
  database: Pick<Database, 'db' | 'dialect'>,
  configured: Uint8Array | undefined,
  dataDir: string,
): Promise<Uint8Array> {
  if (configured) return configured;
  const existing = readKeyFile(dataDir);
  if (existing) return existing;
  if (await holdsSealedSecrets(database)) {
    throw new KeyFileError(
      `the key file ${keyFilePath(dataDir)} is missing, but this database holds secrets sealed with a key; ` +
        'restore the key file from a backup (or set KAKUNIN_SECRET_KEY to that key). No new key was created',
    );
  }
  return createKeyFile(dataDir);
}

/** Whether anything in the database needs the master key it was written with. */
export async function holdsSealedSecrets(database: Pick<Database, 'db' | 'dialect'>): Promise<boolean> {
  const { db } = database;
  // Only the tables that exist: the operator's `migrate` may run on an empty or older database.
  const tables = await ownTables(database);
  const probes: [keyof DB, () => Promise<unknown>][] = [
    [
      'settings',
      () => db.selectFrom('settings').select('key').where('key', '=', KEY_CHECK_SETTING).executeTakeFirst(),
    ],
    ['totp_credentials', () => db.selectFrom('totp_credentials').select('id').limit(1).executeTakeFirst()],
    ['recovery_codes', () => db.selectFrom('recovery_codes').select('id').limit(1).executeTakeFirst()],
    ['oidc_signing_keys', () => db.selectFrom('oidc_signing_keys').select('kid').limit(1).executeTakeFirst()],
    [
      'oidc_apps',
      () =>
        db
          .selectFrom('oidc_apps')
          .select('client_id')
          .where('secret_box', 'is not', null)
          .limit(1)
          .executeTakeFirst(),
    ],
  ];
  for (const [table, probe] of probes) if (tables.has(table) && (await probe())) return true;
  return false;
}
