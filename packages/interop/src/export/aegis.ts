import type { Account } from '@kakunin/otp';
import {
  createVault,
  DATABASE_VERSION,
  FILE_VERSION,
  readPlainVault,
  type Vault,
  type VaultOptions,
} from '@kakunin/vault';

/** An empty unencrypted vault, the starting point of a plain export (no password, so no scrypt). */
const EMPTY_PLAIN = JSON.stringify({
  version: FILE_VERSION,
  header: { slots: null, params: null },
  db: { version: DATABASE_VERSION, entries: [], groups: [] },
});

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
    password === undefined
      ? readPlainVault(EMPTY_PLAIN, vaultOptions)
      : await createVault(password, vaultOptions);
  for (const account of accounts) vault.add(account);
  return password === undefined ? vault.exportPlain() : vault.serialize();
}

// Which accounts Aegis shows wrong codes for is a rule of Aegis's format, kept with it in @kakunin/vault.
export { wrongCodesInAegis } from '@kakunin/vault';
