import { verifyTOTP } from '@kakunin/otp';
import type { Kysely, QueryCreator } from 'kysely';
import { totpKeyContext } from '../crypto/secret-box.js';
import type { DB } from '../db/schema.js';
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

/** The time step a code matched, and whether that step was accepted before (a replayed code). */
export interface TOTPMatch {
  step: number;
  used: boolean;
}

/**
 * The time step `code` matches within ±1 step, and whether it is at or before the last accepted step
 * (already used); undefined when the code is wrong. Pure check: the caller claims the step with
 * claimTOTPStep.
 * @see RFC 6238 §5.2 (validation window)
 */
export function matchTOTPCode(
  ctx: ServiceContext,
  userId: number,
  credential: StoredCredential,
  code: string,
): TOTPMatch | undefined {
  const secret = ctx.box.open(credential.secret_box, totpKeyContext(userId));
  const result = verifyTOTP(secret, code, ctx.now(), { window: 1 });
  secret.fill(0);
  if (!result.ok) return undefined;
  const step = Number(result.step);
  return { step, used: step <= credential.last_step };
}

/** The time step `code` matches if it is newer than every step accepted before; undefined otherwise. */
export function matchTOTPStep(
  ctx: ServiceContext,
  userId: number,
  credential: StoredCredential,
  code: string,
): number | undefined {
  const match = matchTOTPCode(ctx, userId, credential, code);
  return match && !match.used ? match.step : undefined;
}

/**
 * The step claim as a statement, one atomic UPDATE … WHERE last_step < :step returning the row it
 * claimed (none when the step was taken): run alone by claimTOTPStep, or as part of a larger statement.
 * @see RFC 6238 §5.2 (one-time use)
 */
export function claimTOTPStepQuery(db: QueryCreator<DB>, credentialId: number, step: number) {
  return db
    .updateTable('totp_credentials')
    .set({ last_step: step })
    .where('id', '=', credentialId)
    .where('last_step', '<', step)
    .returning('id');
}

/**
 * Claims a step: of N concurrent requests carrying the same code exactly one gets true, across
 * processes sharing the database.
 * @see RFC 6238 §5.2 (one-time use)
 */
export async function claimTOTPStep(db: Kysely<DB>, credentialId: number, step: number): Promise<boolean> {
  return (await claimTOTPStepQuery(db, credentialId, step).executeTakeFirst()) !== undefined;
}

/** True when `code` is right and newer than any accepted before, and this request claimed its step. */
export async function claimTOTPCode(
  ctx: ServiceContext,
  userId: number,
  credential: StoredCredential,
  code: string,
): Promise<boolean> {
  const step = matchTOTPStep(ctx, userId, credential, code);
  return step !== undefined && (await claimTOTPStep(ctx.db, credential.id, step));
}
