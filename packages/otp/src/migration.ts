import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { base64 } from '@scure/base';
import { type Account, type Algorithm, createAccount } from './account.js';
import {
  type MigrationPayload,
  MigrationPayloadSchema,
  MigrationPayload_Algorithm as ProtoAlgorithm,
  MigrationPayload_DigitCount as ProtoDigits,
  type MigrationPayload_OtpParameters as ProtoParameters,
  MigrationPayload_OtpParametersSchema as ProtoParametersSchema,
  MigrationPayload_OtpType as ProtoType,
} from './gen/migration_pb.js';
import { joinLabel, splitLabel } from './label.js';
import { MigrationError } from './migration-error.js';

/** Which QR code of an export this is: `index` of `size`, all sharing `id`. */
export interface MigrationBatch {
  index: number;
  size: number;
  id: number;
}

/** Options for writing migration URIs. */
export interface EncodeMigrationOptions {
  /** Accounts per QR code (default 10, which keeps a QR code easy to scan). */
  perQR?: number;
  /** The batch id shared by all URIs (default: random). */
  batchId?: number;
}

/** An account the migration format cannot carry, with the reason. */
export interface SkippedAccount {
  account: Account;
  reason: string;
}

const PREFIX = 'otpauth-migration://offline?';
const MAX_INT32 = 0x7fff_ffff;
const MAX_INT64 = (1n << 63n) - 1n;
const DEFAULT_PER_QR = 10;

const ALGORITHM_FROM_PROTO = new Map<number, Algorithm>([
  [ProtoAlgorithm.UNSPECIFIED, 'SHA1'],
  [ProtoAlgorithm.SHA1, 'SHA1'],
  [ProtoAlgorithm.SHA256, 'SHA256'],
  [ProtoAlgorithm.SHA512, 'SHA512'],
  [ProtoAlgorithm.MD5, 'MD5'],
]);
const ALGORITHM_TO_PROTO: Record<Algorithm, ProtoAlgorithm> = {
  SHA1: ProtoAlgorithm.SHA1,
  SHA256: ProtoAlgorithm.SHA256,
  SHA512: ProtoAlgorithm.SHA512,
  MD5: ProtoAlgorithm.MD5,
};
const DIGITS_FROM_PROTO = new Map<number, number>([
  [ProtoDigits.UNSPECIFIED, 6],
  [ProtoDigits.SIX, 6],
  [ProtoDigits.EIGHT, 8],
]);

/** The `data` parameter's bytes; tolerates spaces for '+', URL-safe base64 and missing padding. */
function readData(uri: string): Uint8Array {
  if (typeof uri !== 'string' || uri.slice(0, PREFIX.length).toLowerCase() !== PREFIX) {
    // The scheme and host alone, with no query, is an export whose data was cut off.
    if (typeof uri === 'string' && /^otpauth-migration:\/\/offline\/?$/i.test(uri.trim()))
      throw new MigrationError('MISSING_DATA');
    throw new MigrationError('NOT_MIGRATION');
  }
  const pair = uri
    .slice(PREFIX.length)
    .split('#', 1)[0]!
    .split('&')
    .find((p) => p.toLowerCase().startsWith('data='));
  let text: string;
  try {
    text = decodeURIComponent(pair?.slice(5) ?? '');
  } catch {
    throw new MigrationError('BAD_BASE64', 'invalid percent-encoding');
  }
  text = text.replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (text === '') throw new MigrationError('MISSING_DATA');
  try {
    return base64.decode(text + '='.repeat((4 - (text.length % 4)) % 4));
  } catch {
    throw new MigrationError('BAD_BASE64');
  }
}

function toAccount(parameters: ProtoParameters, position: number): Account {
  const algorithm = ALGORITHM_FROM_PROTO.get(parameters.algorithm);
  const digits = DIGITS_FROM_PROTO.get(parameters.digits);
  const type =
    parameters.type === ProtoType.HOTP
      ? 'hotp'
      : parameters.type === ProtoType.TOTP || parameters.type === ProtoType.UNSPECIFIED
        ? 'totp'
        : undefined;
  if (algorithm === undefined || digits === undefined || type === undefined) {
    throw new MigrationError('UNSUPPORTED_ACCOUNT', `account ${position + 1}`);
  }
  if (parameters.secret.length === 0 || parameters.counter < 0n) {
    throw new MigrationError('BAD_PAYLOAD', `account ${position + 1}`);
  }
  const label = splitLabel(parameters.name, parameters.issuer);
  return createAccount({
    type,
    secret: parameters.secret,
    ...label,
    algorithm,
    digits,
    counter: type === 'hotp' ? parameters.counter : 0n,
  });
}

/**
 * Reads one Google Authenticator export QR code (`otpauth-migration://offline?data=…`): its
 * accounts and its place in the batch. Throws MigrationError with a `code`.
 */
export function decodeMigrationURI(uri: string): { accounts: Account[]; batch: MigrationBatch } {
  const bytes = readData(uri);
  let payload: MigrationPayload;
  try {
    payload = fromBinary(MigrationPayloadSchema, bytes);
  } catch (error) {
    throw new MigrationError('BAD_PAYLOAD', error instanceof Error ? error.message : undefined);
  }
  // Some exporters leave the batch fields out: a lone QR code is page 1 of 1.
  const size = payload.batchSize === 0 ? 1 : payload.batchSize;
  const index = payload.batchIndex;
  if (size < 0 || index < 0 || index >= size)
    throw new MigrationError('BAD_BATCH', `page ${index + 1} of ${size}`);
  const accounts = payload.otpParameters.map(toAccount);
  return { accounts, batch: { index, size, id: payload.batchId } };
}

/** Why the migration format cannot carry an account, or undefined when it can. */
function unsupportedReason(account: Account): string | undefined {
  if (account.type === 'steam') return 'Google Authenticator exports cannot carry Steam Guard accounts';
  if (account.digits !== 6 && account.digits !== 8) {
    return `Google Authenticator exports carry only 6- or 8-digit codes, not ${account.digits}`;
  }
  if (account.type === 'totp' && account.period !== 30) {
    return `Google Authenticator exports carry only 30-second codes, not ${account.period} s`;
  }
  if (account.type === 'hotp' && account.counter > MAX_INT64) return 'the HOTP counter is beyond 2^63 − 1';
  return undefined;
}

function toParameters(account: Account): ProtoParameters {
  return create(ProtoParametersSchema, {
    secret: account.secret,
    name: joinLabel(account.issuer, account.name), // Google Authenticator writes the whole label
    issuer: account.issuer,
    algorithm: ALGORITHM_TO_PROTO[account.algorithm],
    digits: account.digits === 8 ? ProtoDigits.EIGHT : ProtoDigits.SIX,
    type: account.type === 'hotp' ? ProtoType.HOTP : ProtoType.TOTP,
    counter: account.type === 'hotp' ? account.counter : 0n,
  });
}

function randomBatchId(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0]! & MAX_INT32;
}

/**
 * Writes accounts as Google Authenticator export URIs, `perQR` accounts per QR code, all sharing
 * one batch id with their index and the batch size. Accounts the format cannot carry (Steam,
 * periods other than 30 s, digits other than 6 or 8) are returned in `skipped`, never altered.
 */
export function encodeMigrationURIs(
  accounts: readonly Account[],
  options: EncodeMigrationOptions = {},
): { uris: string[]; skipped: SkippedAccount[] } {
  const perQR = options.perQR ?? DEFAULT_PER_QR;
  if (!Number.isInteger(perQR) || perQR < 1) throw new RangeError('perQR must be a positive integer');
  const batchId = options.batchId ?? randomBatchId();
  if (!Number.isInteger(batchId) || batchId < -MAX_INT32 - 1 || batchId > MAX_INT32) {
    throw new RangeError('batchId must be a 32-bit integer');
  }
  const skipped: SkippedAccount[] = [];
  const carried: ProtoParameters[] = [];
  for (const account of accounts) {
    const reason = unsupportedReason(account);
    if (reason === undefined) carried.push(toParameters(account));
    else skipped.push({ account, reason });
  }
  const size = Math.ceil(carried.length / perQR);
  const uris: string[] = [];
  for (let index = 0; index < size; index++) {
    const payload = create(MigrationPayloadSchema, {
      otpParameters: carried.slice(index * perQR, (index + 1) * perQR),
      version: 1,
      batchSize: size,
      batchIndex: index,
      batchId,
    });
    const data = base64.encode(toBinary(MigrationPayloadSchema, payload));
    uris.push(`${PREFIX}data=${encodeURIComponent(data)}`);
  }
  return { uris, skipped };
}
