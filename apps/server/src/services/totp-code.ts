import { verifyTOTP } from '@kakunin/otp';
import { totpKeyContext } from '../crypto/secret-box.js';
import { AppError } from '../errors.js';
import type { ServiceContext } from './context.js';

export interface StoredCredential {
  id: number;
  secret_box: Uint8Array;
  last_step: number;
}

/** A typed code in canonical form (full-width digits and spaces tolerated), or MALFORMED_CODE. */
export function normalizeTOTPCode(input: unknown): string {
  if (typeof input !== 'string' || input.length > 32) throw new AppError('MALFORMED_CODE');
  const code = input.normalize('NFKC').replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) throw new AppError('MALFORMED_CODE');
  return code;
}

/**
 * True when `code` is right for the credential within ±1 step AND its step is newer than every step
 * accepted before; the step is claimed with one atomic UPDATE, so of N concurrent requests carrying
 * the same code exactly one wins, across processes sharing the database.
 * @see RFC 6238 §5.2 (validation window, one-time use)
 */
export async function claimTOTPCode(
  ctx: ServiceContext,
  userId: number,
  credential: StoredCredential,
  code: string,
): Promise<boolean> {
  const secret = ctx.box.open(credential.secret_box, totpKeyContext(userId));
  const result = verifyTOTP(secret, code, ctx.now(), { window: 1 });
  secret.fill(0);
  if (!result.ok) return false;
  const step = Number(result.step);
  if (step <= credential.last_step) return false;
  const update = await ctx.db
    .updateTable('totp_credentials')
    .set({ last_step: step })
    .where('id', '=', credential.id)
    .where('last_step', '<', step)
    .executeTakeFirst();
  return update.numUpdatedRows === 1n;
}
