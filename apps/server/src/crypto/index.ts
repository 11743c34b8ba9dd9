export { KeyFileError, loadSecretKey } from './key-file.js';
export { hashPassword, verifyDummyPassword, verifyPassword } from './password.js';
export {
  deriveRecoveryCodeKey,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  recoveryCodeDigest,
} from './recovery-codes.js';
export type { SecretBox } from './secret-box.js';
export { createSecretBox, SecretBoxError, totpKeyContext } from './secret-box.js';
export { constantTimeEqualText, hashToken, randomToken } from './tokens.js';
