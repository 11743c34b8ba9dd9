import type { Account, Algorithm, OTPType } from '@kakunin/otp';
import type { Context } from './context.js';
import { CliError, packageFailure } from './errors.js';

/** Account details given as `kakunin add` options. */
export interface AccountDetails {
  issuer?: string;
  name?: string;
  secret?: string;
  type?: OTPType;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: bigint;
}

const MIGRATION = /^otpauth-migration:\/\//i;
const KEY_URI = /^otpauth:\/\//i;

/** The accounts in an otpauth:// URI or a Google Authenticator otpauth-migration:// URI. */
export async function accountsFromText(ctx: Context, text: string): Promise<Account[]> {
  const otp = await import('@kakunin/otp');
  const trimmed = text.trim();
  if (MIGRATION.test(trimmed)) {
    try {
      return otp.decodeMigrationURI(trimmed).accounts;
    } catch (error) {
      if (!(error instanceof otp.MigrationError)) throw error;
      throw packageFailure(ctx.locale, 'error.badMigration', error);
    }
  }
  try {
    return [otp.parseKeyURI(trimmed)];
  } catch (error) {
    if (!(error instanceof otp.KeyURIError)) throw error;
    throw packageFailure(ctx.locale, 'error.badURI', error);
  }
}

/** The accounts in every authenticator QR code found in a PNG or JPEG image. */
export async function accountsFromImage(ctx: Context, file: string, bytes: Uint8Array): Promise<Account[]> {
  const { decodeQRCodes, ImportError } = await import('@kakunin/interop');
  const failed = (error: InstanceType<typeof ImportError>) =>
    packageFailure(ctx.locale, 'error.import', error);
  let texts: string[];
  try {
    texts = await decodeQRCodes(bytes);
  } catch (error) {
    throw error instanceof ImportError ? failed(error.withFilename(file)) : error;
  }
  if (texts.length === 0) throw failed(new ImportError('NO_QR_CODE', { filename: file }));
  const otpTexts = texts.filter((text) => KEY_URI.test(text.trim()) || MIGRATION.test(text.trim()));
  if (otpTexts.length === 0) throw new CliError('error.notOTPQR', { file });
  const accounts: Account[] = [];
  for (const text of otpTexts) accounts.push(...(await accountsFromText(ctx, text)));
  return accounts;
}

/** An account built from `--secret` and friends; a bad secret or setting is a clear error. */
export async function accountFromDetails(details: AccountDetails & { secret: string }): Promise<Account> {
  const { createAccount, decodeBase32Lenient } = await import('@kakunin/otp/core');
  let secret: Uint8Array;
  try {
    secret = decodeBase32Lenient(details.secret);
  } catch {
    throw new CliError('error.badSecret');
  }
  if (secret.length === 0) throw new CliError('error.badSecret');
  const { issuer, name, type, algorithm, digits, period, counter } = details;
  const fields = Object.fromEntries(
    Object.entries({ issuer, name, type, algorithm, digits, period, counter }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  try {
    return createAccount({ ...fields, secret });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CliError('error.badAccount', { detail: error.message });
  }
}
