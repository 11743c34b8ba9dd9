import { AppError } from '../../errors.js';

/** Longest passkey name kept. */
export const MAX_PASSKEY_NAME = 64;

/** A passkey's name as the person typed it: trimmed, one line, 1–64 characters. Throws INVALID_PASSKEY_NAME. */
export function passkeyName(value: unknown): string {
  const name = typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
  // Control and format characters would let a name look like another in the list.
  if (name.length === 0 || name.length > MAX_PASSKEY_NAME || /[\p{Cc}\p{Cf}]/u.test(name))
    throw new AppError('INVALID_PASSKEY_NAME');
  return name;
}

/**
 * The WebAuthn user handle of a user: the row id as 8 bytes. Not personal data (the spec forbids
 * names or addresses there), stable for the life of the account.
 * @see W3C WebAuthn Level 3 §14.6.1
 */
export function userHandle(userId: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(userId));
  return bytes;
}
