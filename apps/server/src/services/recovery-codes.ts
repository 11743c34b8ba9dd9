import { constantTimeEqual } from '@kakunin/otp';
import type { Kysely } from 'kysely';
import {
  generateRecoveryCodes,
  isLegacyDigest,
  legacyRecoveryCodeDigest,
  recoveryCodeDigest,
  upgradeLegacyDigest,
} from '../crypto/recovery-codes.js';
import type { DB } from '../db/schema.js';
import type { ServiceContext } from './context.js';

/**
 * The id of the user's unused recovery code equal to `code` (compared in constant time), if any. A
 * digest an older release stored (not yet upgraded) is compared in its own form.
 */
export async function matchRecoveryCode(
  ctx: ServiceContext,
  userId: number,
  code: string,
): Promise<number | undefined> {
  const keyed = recoveryCodeDigest(ctx.recoveryCodeKey, code);
  const legacy = legacyRecoveryCodeDigest(code);
  const rows = await ctx.db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  let match: number | undefined;
  for (const row of rows) {
    const wanted = isLegacyDigest(row.code_hash) ? legacy : keyed;
    if (constantTimeEqual(row.code_hash, wanted)) match = row.id;
  }
  return match;
}

/** Marks a recovery code used with an atomic UPDATE: under concurrent requests it works once. */
export async function claimRecoveryCode(db: Kysely<DB>, id: number, now: number): Promise<boolean> {
  const update = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return update.numUpdatedRows === 1n;
}

/**
 * Replaces a user's recovery codes with ten new ones (inside the caller's transaction) and returns
 * them in plain text, to be shown once; only their keyed digests are stored.
 */
export async function replaceRecoveryCodes(
  db: Kysely<DB>,
  key: Uint8Array,
  userId: number,
): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(
      codes.map((code) => ({ user_id: userId, code_hash: recoveryCodeDigest(key, code), used_at: null })),
    )
    .execute();
  return codes;
}

/**
 * Rewrites the unkeyed digests an older release stored as keyed ones, at start-up (the master key is
 * needed, so this cannot be a schema migration). The codes themselves stay valid; afterwards the
 * database alone no longer lets anyone test guesses. Idempotent: each row is rewritten only while it
 * still holds the old form. Returns how many rows were upgraded.
 */
export async function upgradeLegacyRecoveryCodes(ctx: ServiceContext): Promise<number> {
  const rows = await ctx.db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('code_hash', 'not like', 'h1:%')
    .execute();
  let upgraded = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const row of rows) {
      if (!isLegacyDigest(row.code_hash)) continue;
      const result = await trx
        .updateTable('recovery_codes')
        .set({ code_hash: upgradeLegacyDigest(ctx.recoveryCodeKey, row.code_hash) })
        .where('id', '=', row.id)
        .where('code_hash', '=', row.code_hash)
        .executeTakeFirst();
      upgraded += Number(result.numUpdatedRows);
    }
  });
  return upgraded;
}
