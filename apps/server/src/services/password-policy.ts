import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { getSettings, type Settings } from './settings.js';

/** The longest password accepted: bounds hashing and estimation cost (NIST asks for at least 64). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Minimum length while a password alone can sign in (policy "off" or "allowed"). */
export const SINGLE_FACTOR_MIN_LENGTH = 15;
/** Minimum length while every sign-in also needs a second factor (policy "required"). */
export const MULTI_FACTOR_MIN_LENGTH = 8;
/**
 * zxcvbn score a password must reach: 2 = at least 10^6 guesses. Lower scores are the common and
 * breached passwords of its list (`password`, `12345678`, `admin123`) and trivial patterns
 * (`aaaaaaaaaaaaaaaa`, `qwertyuiopasdfgh`); it is not a composition rule.
 */
const MIN_SCORE = 2;
/** Only the first characters are estimated: the estimate's cost grows with the length. */
const ESTIMATE_LENGTH = 128;

let estimator: ZxcvbnFactory | undefined;

// Built on first use (about 0.2 s): the common-password list ships in the package, nothing is fetched.
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/**
 * The minimum password length in force: the administrator's, else 15 while a password alone can
 * sign in and 8 while two-factor authentication is required.
 * @see NIST SP 800-63B-4 §3.1.1.2
 */
export function passwordMinLength(settings: Pick<Settings, 'twoFactor' | 'passwordMinLength'>): number {
  if (settings.passwordMinLength !== null) return settings.passwordMinLength;
  return settings.twoFactor === 'required' ? MULTI_FACTOR_MIN_LENGTH : SINGLE_FACTOR_MIN_LENGTH;
}

/** How strong a password is for a meter: zxcvbn's 0–4 score and log10 of its guess estimate. */
export function estimatePassword(
  password: string,
  context: string[] = [],
): { score: number; guessesLog10: number } {
  const result = zxcvbn().check(password.slice(0, ESTIMATE_LENGTH), context);
  return { score: result.score, guessesLog10: result.guessesLog10 };
}

/**
 * Checks a new password against the one policy for every password (a user's own, one an
 * administrator sets, the generated or configured `admin` one): long enough, not too long, and not a
 * common, breached or trivially patterned password (a list shipped with the service, no network).
 * No composition rules. Throws WEAK_PASSWORD (details.minLength) or PASSWORD_TOO_COMMON.
 * @see NIST SP 800-63B-4 §3.1.1.2
 */
export function checkNewPassword(
  input: unknown,
  minLength: number,
  context: { username?: string | undefined; issuer?: string | undefined } = {},
): string {
  if (typeof input !== 'string') throw new AppError('WEAK_PASSWORD', { minLength });
  const length = [...input].length;
  if (length < minLength || input.length > MAX_PASSWORD_LENGTH)
    throw new AppError('WEAK_PASSWORD', { minLength }, weakMessage(minLength));
  const words = [context.username, context.issuer, 'kakunin'].filter((word): word is string => !!word);
  if (estimatePassword(input, words).score < MIN_SCORE) throw new AppError('PASSWORD_TOO_COMMON');
  return input;
}

/** The minimum length of a new password under the current settings. */
export async function currentPasswordMinLength(ctx: ServiceContext): Promise<number> {
  return passwordMinLength(await getSettings(ctx));
}

/** checkNewPassword with the minimum length of the current settings. */
export async function checkPasswordPolicy(
  ctx: ServiceContext,
  input: unknown,
  username?: string,
): Promise<string> {
  return checkNewPassword(input, await currentPasswordMinLength(ctx), { username, issuer: ctx.issuer });
}

function weakMessage(minLength: number): string {
  return `A password needs at least ${minLength} characters (and at most ${MAX_PASSWORD_LENGTH}). A few unrelated words make a long password that is easy to remember.`;
}
