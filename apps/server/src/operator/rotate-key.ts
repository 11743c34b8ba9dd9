import { chmodSync, copyFileSync, constants as fs, renameSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { type Config, ConfigError, parseSecretKey } from '../config.js';
import { createKeyFile, KEY_FILE_NAME, keyFilePath, readKeyFile } from '../crypto/key-file.js';
import { deriveRecoveryCodeKey } from '../crypto/recovery-codes.js';
import { createSecretBox, totpKeyContext } from '../crypto/secret-box.js';
import type { Database } from '../db/open.js';
import type { DB } from '../db/schema.js';
import { clientSecretContext } from '../oidc/apps.js';
import { signingKeyContext } from '../oidc/signing-keys.js';
import { createServiceContext } from '../service-context.js';
import { recordAudit } from '../services/audit.js';
import {
  KEY_CHECK_CONTEXT,
  KEY_CHECK_SETTING,
  RECOVERY_CODE_KEY_CONTEXT,
  RECOVERY_CODE_KEY_SETTING,
  resolveSecretKey,
} from '../services/key-check.js';
import { operatorActor } from './commands.js';

/** A sealed value that neither the current nor the new key opens: rotation stops, nothing changed. */
export class UnopenableSecretError extends Error {
  readonly code = 'SECRET_UNOPENABLE';
}

/** What a rotation re-sealed (values already under the new key are counted apart). */
export interface RotationCounts {
  resealed: number;
  alreadyNew: number;
}

/**
 * Re-seals every value sealed with the master key under `newKey`, in one transaction: an interruption
 * leaves everything under the old key, and a run after one that committed finds every value already
 * under the new key (each value is tried with the new key first), so running it again is always safe.
 * The recovery-code key (an HMAC key, which cannot be re-derived for stored digests) is kept: it is
 * stored sealed under the new key, so recovery codes handed out before keep working.
 */
export async function resealAll(
  db: Kysely<DB>,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<RotationCounts> {
  const oldBox = createSecretBox(oldKey);
  const newBox = createSecretBox(newKey);
  const counts: RotationCounts = { resealed: 0, alreadyNew: 0 };
  const reseal = (box: Uint8Array, context: string, what: string): Uint8Array | undefined => {
    try {
      newBox.open(box, context);
      counts.alreadyNew++;
      return undefined;
    } catch {
      // Not under the new key yet.
    }
    let plain: Uint8Array;
    try {
      plain = oldBox.open(box, context);
    } catch {
      throw new UnopenableSecretError(
        `${what} opens with neither the current nor the new key; nothing was changed`,
      );
    }
    counts.resealed++;
    return newBox.seal(plain, context);
  };
  await db.transaction().execute(async (trx) => {
    for (const row of await trx
      .selectFrom('totp_credentials')
      .select(['id', 'user_id', 'secret_box'])
      .execute()) {
      const box = reseal(row.secret_box, totpKeyContext(row.user_id), `the authenticator key ${row.id}`);
      if (box)
        await trx.updateTable('totp_credentials').set({ secret_box: box }).where('id', '=', row.id).execute();
    }
    for (const row of await trx
      .selectFrom('oidc_apps')
      .select(['client_id', 'secret_box'])
      .where('secret_box', 'is not', null)
      .execute()) {
      if (!row.secret_box) continue;
      const box = reseal(
        row.secret_box,
        clientSecretContext(row.client_id),
        `the secret of app ${row.client_id}`,
      );
      if (box)
        await trx
          .updateTable('oidc_apps')
          .set({ secret_box: box })
          .where('client_id', '=', row.client_id)
          .execute();
    }
    for (const row of await trx.selectFrom('oidc_signing_keys').select(['kid', 'private_box']).execute()) {
      const box = reseal(row.private_box, signingKeyContext(row.kid), `the signing key ${row.kid}`);
      if (box)
        await trx
          .updateTable('oidc_signing_keys')
          .set({ private_box: box })
          .where('kid', '=', row.kid)
          .execute();
    }
    const settings = new Map(
      (
        await trx
          .selectFrom('settings')
          .select(['key', 'value'])
          .where('key', 'in', [KEY_CHECK_SETTING, RECOVERY_CODE_KEY_SETTING])
          .execute()
      ).map((row) => [row.key, new Uint8Array(Buffer.from(row.value, 'base64'))]),
    );
    const stored = settings.get(RECOVERY_CODE_KEY_SETTING);
    // First rotation: the recovery-code key is still derived from the current key; keep that one.
    const recoveryBox = stored ?? oldBox.seal(deriveRecoveryCodeKey(oldKey), RECOVERY_CODE_KEY_CONTEXT);
    const writes: [string, Uint8Array | undefined][] = [
      [RECOVERY_CODE_KEY_SETTING, reseal(recoveryBox, RECOVERY_CODE_KEY_CONTEXT, 'the recovery-code key')],
    ];
    const check = settings.get(KEY_CHECK_SETTING);
    if (check) writes.push([KEY_CHECK_SETTING, reseal(check, KEY_CHECK_CONTEXT, 'the key check')]);
    for (const [key, box] of writes) {
      if (!box) continue;
      const value = Buffer.from(box).toString('base64');
      await trx
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
  });
  return counts;
}

/** The new key's file while a rotation runs; it replaces the key file once every value is re-sealed. */
export const NEW_KEY_FILE_NAME = `${KEY_FILE_NAME}.new`;

/**
 * `kakunin-server rotate-key`. The new key comes from KAKUNIN_NEW_SECRET_KEY, or (when the key is the
 * generated key file) is generated into `secret.key.new`, kept across runs so that an interrupted
 * rotation resumes with the same key. Once the database is re-sealed, the old key file is kept as
 * `secret.key.old-<time>` and the new one takes its place.
 */
export async function rotateKeyCommand(
  config: Config,
  database: Database,
  env: NodeJS.ProcessEnv,
  now: () => number = Date.now,
): Promise<string> {
  const { db } = database;
  const current = await resolveSecretKey(database, config.secretKey, config.dataDir);
  const given = parseSecretKey(env.KAKUNIN_NEW_SECRET_KEY, 'KAKUNIN_NEW_SECRET_KEY');
  if (!given && config.secretKey) {
    throw new ConfigError(
      'KAKUNIN_NEW_SECRET_KEY',
      'set it to the new key (openssl rand -hex 32) while KAKUNIN_SECRET_KEY holds the current one.',
    );
  }
  const next =
    given ??
    readKeyFile(config.dataDir, NEW_KEY_FILE_NAME) ??
    createKeyFile(config.dataDir, NEW_KEY_FILE_NAME);
  if (Buffer.from(next).equals(Buffer.from(current))) {
    throw new ConfigError('KAKUNIN_NEW_SECRET_KEY', 'the new key is the current key.');
  }
  const counts = await resealAll(db, current, next);
  await recordAudit(createServiceContext({ config, db, secretKey: next, now }), {
    event: 'secret_key.rotated',
    actor: operatorActor(),
    details: { ...counts },
  });
  const summary = `Re-sealed ${counts.resealed} secret(s) under the new key (${counts.alreadyNew} already were).`;
  if (given) {
    return `${summary} Set KAKUNIN_SECRET_KEY to the new key on every instance and start them again; keep the old key as long as backups of the database made before now.`;
  }
  const file = keyFilePath(config.dataDir);
  const kept = `${file}.old-${new Date(now()).toISOString().replace(/[-:]|\.\d+/g, '')}`;
  copyFileSync(file, kept, fs.COPYFILE_EXCL);
  chmodSync(kept, 0o600);
  renameSync(keyFilePath(config.dataDir, NEW_KEY_FILE_NAME), file);
  return `${summary} The key file ${file} holds the new key; the old one is kept as ${kept} for backups of the database made before now. Back up the new key file apart from the database, then start the service.`;
}
