import type { Account } from '@kakunin/otp';
import { createPlainVault, createVault, type Vault, type VaultOptions } from '@kakunin/vault';

/**
 * An Aegis vault file of the accounts (the format Kakunin itself uses): encrypted with `password`, or
 * plain JSON when no password is given (it then holds the secrets in the clear; callers warn).
 * `vault` passes randomness and scrypt through to @kakunin/vault (tests make them deterministic).
 * @see beemdevelopment/Aegis docs/vault.md
 */
export async function exportAegis(
  accounts: readonly Account[],
  options: { password?: string; vault?: VaultOptions } = {},
): Promise<string> {
  const { password, vault: vaultOptions = {} } = options;
  const vault: Vault =
    password === undefined ? createPlainVault(vaultOptions) : await createVault(password, vaultOptions);
  for (const account of accounts) vault.add(account);
  return password === undefined ? vault.exportPlain() : vault.serialize();
}

// Which accounts Aegis shows wrong codes for is a rule of Aegis's format, kept with it in @kakunin/vault.
export { wrongCodesInAegis } from '@kakunin/vault';
