export { DATABASE_VERSION } from './aegis-database.js';
export { type VaultEntry, wrongCodesInAegis } from './aegis-entry.js';
export { VAULT_ERROR_MESSAGES, VaultError, type VaultErrorCode } from './errors.js';
export { createPlainVault, createVault, openVault, readPlainVault, type VaultOptions } from './open.js';
export { openVaultWithPasskey, type PasskeyRequest, passkeyRequests } from './open-passkey.js';
export {
  addPasskey,
  type NewPasskey,
  PRF_SALT_BYTES,
  removePasskeys,
  vaultPasskeys,
} from './passkey-slot.js';
export { PASSKEY_SLOT_TYPE } from './passkey-slot-type.js';
export { PASSWORD_KDF } from './password-slot.js';
export { type RandomBytes, systemRandom } from './random.js';
export type { ScryptFunction, ScryptParams } from './scrypt-params.js';
export { type EntryChanges, type UnsupportedEntry, Vault } from './vault.js';
export { FILE_VERSION } from './vault-file.js';
export { readVaultFile, saveVaultFile, type VaultFileSystem } from './vault-file-system.js';
