import { importAESKey, KEY_BYTES, open, type SealedBox, seal } from './aead.js';
import { decodeHex, encodeHex, encodeUTF8 } from './encoding.js';
import { VaultError } from './errors.js';
import { isIntegerIn, isObject, type JSONObject } from './json-text.js';
import { type RandomBytes, randomUUID } from './random.js';
import type { ScryptFunction, ScryptParams } from './scrypt-params.js';
import { scryptMemory } from './scrypt-params.js';

/** Slot type ids in the vault header (Aegis docs/vault.md, "Slots"). */
export const SlotType = { raw: 0, password: 1, biometric: 2 } as const;

/** The key-derivation parameters every new password slot uses (Aegis docs/vault.md, "KDF"). */
export const PASSWORD_KDF: Readonly<Omit<ScryptParams, 'dkLen'>> = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 32;

// Opening must not be a way to make us allocate gigabytes: 256 MiB is already far above what Aegis writes.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** A password slot as read from a file, checked and decoded. */
export interface PasswordSlot {
  params: ScryptParams;
  salt: Uint8Array;
  wrapped: SealedBox;
}

/** Passwords become bytes as UTF-8 with no normalisation, exactly as Aegis does. */
const passwordBytes = (password: string): Uint8Array => encodeUTF8(password);

/**
 * Checks one password slot (type 1) from the header and decodes it.
 * @throws VaultError DAMAGED when a field is missing or malformed, UNSUPPORTED_VERSION when the scrypt
 * cost is beyond what we agree to compute.
 */
export function readPasswordSlot(slot: JSONObject): PasswordSlot {
  const { n, r, p, salt, key, key_params: keyParams } = slot;
  const keyNonce = isObject(keyParams) ? decodeHex(keyParams.nonce) : null;
  const keyTag = isObject(keyParams) ? decodeHex(keyParams.tag) : null;
  const wrappedKey = decodeHex(key);
  const saltBytes = decodeHex(salt);
  if (!keyNonce || !keyTag || !wrappedKey || !saltBytes) throw new VaultError('DAMAGED', 'password slot');
  if (!isIntegerIn(n, 2n, 2n ** 31n) || !isIntegerIn(r, 1n, 2n ** 16n) || !isIntegerIn(p, 1n, 2n ** 16n)) {
    throw new VaultError('DAMAGED', 'password slot parameters');
  }
  const params = { N: Number(n), r: Number(r), p: Number(p), dkLen: KEY_BYTES };
  if ((params.N & (params.N - 1)) !== 0) throw new VaultError('DAMAGED', 'password slot parameters');
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY || params.r * params.p >= 2 ** 16) {
    throw new VaultError(
      'UNSUPPORTED_VERSION',
      `scrypt N=${params.N}, r=${params.r}, p=${params.p} is too costly`,
    );
  }
  return { params, salt: saltBytes, wrapped: { ciphertext: wrappedKey, nonce: keyNonce, tag: keyTag } };
}

/** Unwraps the master key with a password; null when the password does not fit this slot. */
export async function unlockPasswordSlot(
  slot: PasswordSlot,
  password: string,
  scrypt: ScryptFunction,
): Promise<Uint8Array | null> {
  const derived = await scrypt(passwordBytes(password), slot.salt, slot.params);
  const masterKey = await open(await importAESKey(derived), slot.wrapped);
  derived.fill(0);
  if (masterKey && masterKey.length !== KEY_BYTES) throw new VaultError('DAMAGED', 'master key length');
  return masterKey;
}

/** A new password slot wrapping the master key, as Aegis writes it (fresh salt, N=2^15, r=8, p=1). */
export async function createPasswordSlot(
  masterKey: Uint8Array,
  password: string,
  random: RandomBytes,
  scrypt: ScryptFunction,
): Promise<JSONObject> {
  const salt = random(SALT_BYTES);
  const derived = await scrypt(passwordBytes(password), salt, { ...PASSWORD_KDF, dkLen: KEY_BYTES });
  const box = await seal(await importAESKey(derived), masterKey, random);
  derived.fill(0);
  return {
    type: SlotType.password,
    uuid: randomUUID(random),
    key: encodeHex(box.ciphertext),
    key_params: { nonce: encodeHex(box.nonce), tag: encodeHex(box.tag) },
    n: PASSWORD_KDF.N,
    r: PASSWORD_KDF.r,
    p: PASSWORD_KDF.p,
    salt: encodeHex(salt),
    // Our slots never had the old password-encoding bug (Aegis issue #95), so they count as repaired.
    repaired: true,
    is_backup: false,
  };
}

/** Aegis writes one password slot and perhaps a backup one; hundreds would only make us derive for minutes. */
const MAX_PASSWORD_SLOTS = 8;

/**
 * The master key from the first password slot the password opens.
 * @throws VaultError WRONG_PASSWORD, NO_PASSWORD_SLOT, or DAMAGED (bad slots, or too many of them)
 */
export async function unwrapWithPassword(
  slots: readonly JSONObject[],
  password: string,
  scrypt: ScryptFunction,
): Promise<Uint8Array> {
  const passwordSlots = slots.filter((s) => s.type === SlotType.password).map(readPasswordSlot);
  if (passwordSlots.length > MAX_PASSWORD_SLOTS) throw new VaultError('DAMAGED', 'too many password slots');
  if (passwordSlots.length === 0) {
    const known = slots.every((s) => Object.values(SlotType).some((t) => t === s.type));
    throw new VaultError(known ? 'NO_PASSWORD_SLOT' : 'DAMAGED', known ? undefined : 'slot type');
  }
  for (const slot of passwordSlots) {
    const masterKey = await unlockPasswordSlot(slot, password, scrypt);
    if (masterKey) return masterKey;
  }
  throw new VaultError('WRONG_PASSWORD');
}
