import type { Kysely } from 'kysely';
import { generateRecoveryCodes, hashRecoveryCode } from '../crypto/recovery-codes.js';
import { constantTimeEqualText } from '../crypto/tokens.js';
import type { DB } from '../db/schema.js';
import type { ServiceContext } from './context.js';

/** The id of the user's unused recovery code equal to `code` (compared in constant time), if any. */
export async function matchRecoveryCode(
  ctx: ServiceContext,
  userId: number,
  code: string,
): Promise<number | undefined> {
  const wanted = hashRecoveryCode(code);
  const rows = await ctx.db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  let match: number | undefined;
  for (const row of rows) if (constantTimeEqualText(row.code_hash, wanted)) match = row.id;
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
 * them in plain text, to be shown once; only their hashes are stored.
 */
export async function replaceRecoveryCodes(db: Kysely<DB>, userId: number): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code), used_at: null })))
    .execute();
  return codes;
}
