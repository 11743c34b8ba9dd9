// Everything but the Google Authenticator migration codec, which loads @bufbuild/protobuf: for
// programs that only compute or check codes and want to start fast (ADR 0008).
export {
  type Account,
  ALGORITHMS,
  type Algorithm,
  createAccount,
  isAlgorithm,
  isValidCounter,
  isValidDigits,
  isValidPeriod,
  MAX_DIGITS,
  MAX_PERIOD,
  MIN_DIGITS,
  MIN_PERIOD,
  type OTPType,
} from './account.js';
export { decodeBase32, decodeBase32Lenient, encodeBase32 } from './base32.js';
export { code, remainingMs } from './code.js';
export {
  CodedError,
  isLocalizedError,
  type Language,
  type LocalizedError,
  type LocalizedMessage,
} from './coded-error.js';
export { constantTimeEqual } from './constant-time.js';
export { type HOTPOptions, hotp } from './hotp.js';
export { formatKeyURI, parseKeyURI } from './key-uri.js';
export { KEY_URI_ERROR_MESSAGES, KeyURIError, type KeyURIErrorCode } from './key-uri-error.js';
export { steam } from './steam.js';
export { type TOTPOptions, timeStep, totp } from './totp.js';
export {
  type VerifyHOTPOptions,
  type VerifyHOTPResult,
  type VerifyTOTPOptions,
  type VerifyTOTPResult,
  verifyHOTP,
  verifyTOTP,
} from './verify.js';
