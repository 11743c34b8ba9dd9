import { openVaultWithPasskey, passkeyRequests, type Vault } from '@kakunin/vault';
import { loadVaultTexts } from '../storage/vault-store.js';
import { evaluatePRF } from './passkey.js';

/** Whether the stored vault has a passkey slot (loaded with the unlock screen, off the first-code path). */
export async function storedPasskeys(): Promise<number> {
  const { current } = await loadVaultTexts();
  return current ? passkeyRequests(current).length : 0;
}

/** Unlocks the stored vault with its passkey: one fingerprint, face or PIN prompt, no password. */
export async function unlockWithPasskey(): Promise<Vault> {
  const { current } = await loadVaultTexts();
  // The app keeps one passkey slot at most (setting one up replaces the last).
  const request = current ? passkeyRequests(current)[0] : undefined;
  if (!current || !request) throw new Error('no passkey slot');
  const { credentialId, prfOutput } = await evaluatePRF([request.credentialId], request.prfSalt);
  return openVaultWithPasskey(current, credentialId, prfOutput);
}
