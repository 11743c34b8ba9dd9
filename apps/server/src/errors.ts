/**
 * The one catalogue of errors the service reports. Each code maps to an HTTP status and an English
 * message; pages translate the code, the JSON API sends `{ "error": { "code", "message" } }`.
 */
export const ERRORS = {
  INVALID_CREDENTIALS: {
    status: 401,
    message: 'The username or password is wrong, or the account is locked after too many failed attempts.',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    message:
      'This account is locked after too many failed attempts. Try again later or ask an administrator.',
  },
  INVALID_CODE: {
    status: 401,
    message: 'The code is wrong, expired or already used. Wait for the next code and try again.',
  },
  MALFORMED_CODE: { status: 400, message: 'Type the code from your authenticator app: 6 digits.' },
  NO_PENDING_LOGIN: { status: 400, message: 'There is no sign-in waiting for a code. Sign in again.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first.' },
  ENROLLMENT_REQUIRED: {
    status: 403,
    message: 'Two-factor authentication is required. Register an authenticator first.',
  },
  FORBIDDEN: { status: 403, message: 'Only administrators may do this.' },
  CSRF: {
    status: 403,
    message: 'The request was refused as a possible cross-site request. Reload the page and try again.',
  },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many failed attempts from this address. Try again later.' },
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as JSON or as a form.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  INVALID_USERNAME: {
    status: 400,
    message: 'A username is 1 to 64 letters, digits or the characters . _ - @, without spaces.',
  },
  WEAK_PASSWORD: {
    status: 400,
    message: 'The password is too short or too long for the password policy.',
  },
  PASSWORD_TOO_COMMON: {
    status: 400,
    message:
      'This password is too common or too easy to guess (it is on the list of common and breached passwords, or a simple pattern). Choose another one, for example a few unrelated words.',
  },
  USER_EXISTS: { status: 409, message: 'A user with this name already exists.' },
  USERNAME_CONFUSABLE: {
    status: 409,
    message: 'This name can be mistaken for the name of an existing user (letters that look alike).',
  },
  USER_NOT_FOUND: { status: 404, message: 'There is no user with this name.' },
  NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  TWO_FACTOR_DISABLED: {
    status: 403,
    message: 'The administrator has not enabled two-factor authentication for this service.',
  },
  TWO_FACTOR_REQUIRED: {
    status: 409,
    message: 'The administrator requires two-factor authentication, so it cannot be turned off.',
  },
  TWO_FACTOR_NOT_ENABLED: {
    status: 409,
    message: 'Two-factor authentication is not enabled for this account.',
  },
  NO_PENDING_ENROLLMENT: {
    status: 409,
    message: 'There is no registration waiting for confirmation. Start the registration again.',
  },
  CONFIRMATION_REQUIRED: {
    status: 409,
    message:
      'Turning two-factor authentication off lets a password alone sign in the users who have it on (usersWithTwoFactor). Their registrations are kept. Send the change again with "confirm": true.',
  },
  REAUTHENTICATION_REQUIRED: {
    status: 403,
    message:
      'Confirm that it is you first: enter a code from your authenticator app or a recovery code ' +
      '(your password if you have no second factor), or sign in again.',
  },
  INVALID_HOST: {
    status: 400,
    message:
      'A host is a name like app.example.com, or *.example.com for every name under it, without a port.',
  },
  HOST_EXISTS: { status: 409, message: 'This host already has a rule. Change that rule instead.' },
  HOST_NOT_FOUND: { status: 404, message: 'There is no rule for this host.' },
  UNTRUSTED_PROXY: {
    status: 403,
    message:
      'This check did not come from a proxy listed in TRUST_PROXY, so its X-Forwarded-* and X-Original-* headers are not believed. Add the proxy address to TRUST_PROXY.',
  },
  NO_ORIGINAL_URL: {
    status: 400,
    message:
      'The proxy did not say which address was asked for: send X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Uri (forward-auth) or X-Original-URL (auth-request).',
  },
  WRONG_PASSWORD: { status: 401, message: 'The password is wrong.' },
  SUBMISSION_PENDING: {
    status: 409,
    message: 'This form was already sent and is still being processed. Wait a moment and reload the page.',
  },
  CODE_ALREADY_USED: {
    status: 401,
    message: 'This code was already used. Wait for the next code and try again.',
  },
  UNAVAILABLE: {
    status: 503,
    message: 'The service is unavailable for a moment. Try again shortly.',
  },
  PASSKEY_REFUSED: {
    status: 401,
    message:
      'The passkey or security key was not accepted. Try again, or use a code from your authenticator app.',
  },
  PASSKEY_NOT_FOUND: { status: 404, message: 'There is no such passkey on this account.' },
  INVALID_PASSKEY_NAME: {
    status: 400,
    message: 'Give the passkey a name of 1 to 64 characters, such as "YubiKey 5" or "iPhone".',
  },
  TOO_MANY_PASSKEYS: {
    status: 409,
    message: 'This account has 20 passkeys, the most it can have. Remove one you no longer use first.',
  },
  PASSKEY_SIGN_IN_OFF: {
    status: 403,
    message: 'Signing in with a passkey alone is turned off. Sign in with your password.',
  },
  PASSKEY_NEEDS_PASSWORD: {
    status: 401,
    message:
      'This security key does not verify the person (no PIN or biometrics), so it cannot sign in alone. Sign in with the password, then use the key.',
  },
  PASSKEY_REQUIRED: {
    status: 403,
    message: 'Administrators must have a passkey or security key. Add one first (POST /api/me/passkeys).',
  },
  INVALID_TOKEN: {
    status: 401,
    message: 'The API token is unknown, revoked, or its administrator can no longer use it.',
  },
  TOKEN_SCOPE: {
    status: 403,
    message:
      'This API token may not do this: a read-only token can only read, and tokens call the administrator API only (they cannot manage tokens).',
  },
  TOKEN_NOT_FOUND: { status: 404, message: 'There is no such API token, or it is already revoked.' },
  INVALID_TOKEN_NAME: {
    status: 400,
    message: 'Give the token a name of 1 to 64 characters, such as "backup script".',
  },
  INVALID_RESET_LINK: {
    status: 400,
    message: 'This password-reset link is wrong, expired or already used. Ask for a new one.',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    message: 'This account is disabled. Ask an administrator to enable it again.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: 'Your password is a one-time password from an administrator: choose your own password first.',
  },
  PASSWORD_UNCHANGED: { status: 400, message: 'Choose a password different from the current one.' },
  PASSWORD_REQUIRED: {
    status: 400,
    message: 'Type the password to set: one that lasts is never made up, only a one-time password is.',
  },
  LAST_ADMINISTRATOR: {
    status: 409,
    message:
      'This would leave the service without an active administrator. Make another user an administrator first.',
  },
  INVALID_EMAIL: { status: 400, message: 'Enter an email address like name@example.com, or leave it empty.' },
  EMAIL_EXISTS: { status: 409, message: 'Another user already has this email address.' },
  INVALID_DISPLAY_NAME: {
    status: 400,
    message: 'A display name is at most 100 characters, without control characters.',
  },
  SESSION_NOT_FOUND: { status: 404, message: 'This session has already ended.' },
  INVALID_CSV: {
    status: 400,
    message: 'The CSV file has errors (details.errors gives each line); nothing was imported.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on the server. Try again in a moment.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code from the error catalogue. */
export type ErrorCode = keyof typeof ERRORS;

/** An expected failure with a catalogue code; `details` travel to the client (e.g. `retryAfterSeconds`). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }
}
