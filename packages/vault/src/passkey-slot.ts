import { importAESKey, KEY_BYTES, open, type SealedBox, seal } from './aead.js';
import { decodeHex, encodeHex, encodeUTF8 } from './encoding.js';
import { VaultError } from './errors.js';
import { isObject, type JSONObject } from './json-text.js';
import { isPasskeySlot, PASSKEY_SLOT_TYPE } from './passkey-slot-type.js';
import { type RandomBytes, randomUUID } from './random.js';
import type { Vault } from './vault.js';

/** Bytes of the PRF input stored in the slot (the salt the authenticator's PRF is evaluated on). */
export const PRF_SALT_BYTES = 32;
const HKDF_INFO = new Uint8Array(encodeUTF8('Kakunin vault passkey slot v1'));

/** A passkey slot as read from a file: which credential, what to evaluate its PRF on, the wrapped key. */
export interface PasskeySlot {
  uuid: string;
  /** The WebAuthn credential id, Base64url without padding, as browsers report `credential.id`. */
  credentialId: string;
  prfSalt: Uint8Array;
  wrapped: SealedBox;
}

/** The key that wraps the master key: HKDF-SHA-256 over the PRF output, salted with the PRF input. */
async function wrappingKey(prfOutput: Uint8Array, prfSalt: Uint8Array): Promise<CryptoKey> {
  if (prfOutput.length < 32) throw new RangeError('PRF output must be at least 32 bytes');
  const subtle = globalThis.crypto.subtle;
  const ikm = await subtle.importKey('raw', new Uint8Array(prfOutput), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(prfSalt), info: HKDF_INFO },
    ikm,
    KEY_BYTES * 8,
  );
  const raw = new Uint8Array(bits);
  const key = await importAESKey(raw);
  raw.fill(0);
  return key;
}

/**
 * Checks one passkey slot from the header and decodes it.
 * @throws VaultError DAMAGED when a field is missing or malformed
 */
export function readPasskeySlot(slot: JSONObject): PasskeySlot {
  const { uuid, credential_id: credentialId, prf_salt: salt, key, key_params: keyParams } = slot;
  const nonce = isObject(keyParams) ? decodeHex(keyParams.nonce) : null;
  const tag = isObject(keyParams) ? decodeHex(keyParams.tag) : null;
  const ciphertext = decodeHex(key);
  const prfSalt = decodeHex(salt);
  if (
    typeof uuid !== 'string' ||
    typeof credentialId !== 'string' ||
    !/^[A-Za-z0-9_-]+$/.test(credentialId) ||
    !nonce ||
    !tag ||
    !ciphertext ||
    prfSalt?.length !== PRF_SALT_BYTES
  ) {
    throw new VaultError('DAMAGED', 'passkey slot');
  }
  return { uuid, credentialId, prfSalt, wrapped: { ciphertext, nonce, tag } };
}

/** Unwraps the master key with the passkey's PRF output; null when it is not this slot's passkey. */
export async function unlockPasskeySlot(
  slot: PasskeySlot,
  prfOutput: Uint8Array,
): Promise<Uint8Array | null> {
  const masterKey = await open(await wrappingKey(prfOutput, slot.prfSalt), slot.wrapped);
  if (masterKey && masterKey.length !== KEY_BYTES) throw new VaultError('DAMAGED', 'master key length');
  return masterKey;
}

/** A new passkey slot wrapping the master key under a key derived from the PRF output. */
export async function createPasskeySlot(
  masterKey: Uint8Array,
  passkey: NewPasskey,
  random: RandomBytes,
): Promise<JSONObject> {
  if (passkey.prfSalt.length !== PRF_SALT_BYTES)
    throw new RangeError(`PRF salt must be ${PRF_SALT_BYTES} bytes`);
  if (!/^[A-Za-z0-9_-]+$/.test(passkey.credentialId)) throw new RangeError('credential id must be Base64url');
  const box = await seal(await wrappingKey(passkey.prfOutput, passkey.prfSalt), masterKey, random);
  return {
    type: PASSKEY_SLOT_TYPE,
    uuid: randomUUID(random),
    key: encodeHex(box.ciphertext),
    key_params: { nonce: encodeHex(box.nonce), tag: encodeHex(box.tag) },
    credential_id: passkey.credentialId,
    prf_salt: encodeHex(passkey.prfSalt),
  };
}

/** What a new passkey gives: its credential id, the PRF input chosen for it and the PRF output. */
export interface NewPasskey {
  credentialId: string;
  prfSalt: Uint8Array;
  prfOutput: Uint8Array;
}

/**
 * Lets a passkey unlock the vault (replacing any earlier passkey slot); the password confirms it.
 * @throws VaultError WRONG_PASSWORD
 */
export function addPasskey(vault: Vault, password: string, passkey: NewPasskey): Promise<void> {
  return vault.addSlot(
    password,
    (masterKey, random) => createPasskeySlot(masterKey, passkey, random),
    isPasskeySlot,
  );
}

/** Removes every passkey slot: from the next save only the password opens the vault. */
export function removePasskeys(vault: Vault): void {
  vault.removeSlots(isPasskeySlot);
}

/** Credential ids of the passkeys that unlock this vault. */
export function vaultPasskeys(vault: Vault): string[] {
  return vault
    .slots()
    .filter(isPasskeySlot)
    .map((s) => readPasskeySlot(s).credentialId);
}
