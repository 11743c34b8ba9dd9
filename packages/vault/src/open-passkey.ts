import { VaultError } from './errors.js';
import { dependencies, openWithMasterKey, type VaultOptions } from './open.js';
import { readPasskeySlot, unlockPasskeySlot } from './passkey-slot.js';
import { isPasskeySlot } from './passkey-slot-type.js';
import type { Vault } from './vault.js';
import { parseVaultFile } from './vault-file.js';

/** What the app needs to ask a passkey for its PRF output: the credential and the PRF input. */
export interface PasskeyRequest {
  credentialId: string;
  prfSalt: Uint8Array;
}

/**
 * The passkeys that can unlock a stored vault (read without any key: these fields are not secret).
 * Empty for a vault without passkey slots, and for anything that is not an encrypted vault.
 */
export function passkeyRequests(text: string): PasskeyRequest[] {
  try {
    const file = parseVaultFile(text);
    if (file.kind !== 'encrypted') return [];
    return file.slots.filter(isPasskeySlot).map((s) => {
      const { credentialId, prfSalt } = readPasskeySlot(s);
      return { credentialId, prfSalt };
    });
  } catch {
    return [];
  }
}

/**
 * Opens a vault with a passkey: the PRF output the authenticator gave for the slot's PRF input.
 * @throws VaultError WRONG_PASSWORD when no passkey slot of that credential accepts the output,
 * DAMAGED, NOT_A_VAULT or UNSUPPORTED_VERSION as openVault
 */
export async function openVaultWithPasskey(
  text: string,
  credentialId: string,
  prfOutput: Uint8Array,
  options: VaultOptions = {},
): Promise<Vault> {
  const file = parseVaultFile(text);
  if (file.kind === 'plain') throw new VaultError('NOT_ENCRYPTED');
  for (const raw of file.slots.filter(isPasskeySlot)) {
    const slot = readPasskeySlot(raw);
    if (slot.credentialId !== credentialId) continue;
    const masterKey = await unlockPasskeySlot(slot, prfOutput);
    if (masterKey) return openWithMasterKey(file, masterKey, dependencies(options));
  }
  throw new VaultError('WRONG_PASSWORD', 'passkey');
}
