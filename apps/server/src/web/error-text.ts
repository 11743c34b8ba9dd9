import type { AppError, ErrorCode } from '../errors.js';
import type { PlainKey, Translate } from '../i18n/index.js';
import type { AuditEvent } from '../services/audit.js';
import type { PageMessages } from './components/messages.js';

// Template-literal keys: a code or event without a translation is a type error here.
const errorKey = (code: ErrorCode): PlainKey => `error.${code}`;
const auditKey = (event: AuditEvent): PlainKey => `audit.${event}`;

/**
 * The user-facing text of a catalogue error in the page language. On the recovery-code page a wrong
 * code gets its own wording (the TOTP one talks about 30-second codes).
 */
export function errorText(t: Translate, error: AppError, context: 'code' | 'recovery' = 'code'): string {
  if (error.code === 'ACCOUNT_LOCKED') {
    const seconds = error.details?.retryAfterSeconds;
    return typeof seconds === 'number'
      ? t('error.ACCOUNT_LOCKED_FOR', { minutes: Math.max(1, Math.ceil(seconds / 60)) })
      : t('error.ACCOUNT_LOCKED');
  }
  if (error.code === 'WEAK_PASSWORD' && typeof error.details?.minLength === 'number')
    return t('error.WEAK_PASSWORD_MIN', { minLength: error.details.minLength });
  if (context === 'recovery' && error.code === 'INVALID_CODE') return t('error.INVALID_RECOVERY_CODE');
  if (context === 'recovery' && error.code === 'MALFORMED_CODE') return t('error.MALFORMED_RECOVERY_CODE');
  return t(errorKey(error.code));
}

/** Errors about what was typed into one field (a code, a password, a name), shown beside it. */
const FIELD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'MALFORMED_CODE',
  'INVALID_CODE',
  'CODE_ALREADY_USED',
  'WRONG_PASSWORD',
  'INVALID_USERNAME',
  'USER_EXISTS',
  'USERNAME_CONFUSABLE',
  'WEAK_PASSWORD',
]);

/**
 * The messages of a failed form: beside `field` (and linked from the error summary) when the error is
 * about what was typed there, otherwise about the whole form.
 */
export function formError(
  t: Translate,
  error: AppError,
  field?: string | ((code: ErrorCode) => string | undefined),
  context: 'code' | 'recovery' = 'code',
): PageMessages {
  const message = errorText(t, error, context);
  const id =
    typeof field === 'function' ? field(error.code) : FIELD_ERRORS.has(error.code) ? field : undefined;
  return id ? { fieldErrors: [{ field: id, message }] } : { error: message };
}

/** The translated name of an audit event (unknown events from newer versions show as stored). */
export function auditEventText(t: Translate, event: string): string {
  return event in AUDIT_EVENTS ? t(auditKey(event as AuditEvent)) : event;
}

const AUDIT_EVENTS: Record<AuditEvent, true> = {
  'login.succeeded': true,
  'login.password_failed': true,
  'login.code_failed': true,
  'login.code_replayed': true,
  'login.refused_locked': true,
  'account.locked': true,
  'account.unlocked': true,
  logout: true,
  'two_factor.enabled': true,
  'two_factor.rekeyed': true,
  'two_factor.disabled': true,
  'two_factor.reset': true,
  'recovery_code.used': true,
  reauthenticated: true,
  'two_factor.policy_off': true,
  'recovery_codes.regenerated': true,
  'user.created': true,
  'user.password_reset': true,
  'database.migrated': true,
  'secret_key.rotated': true,
  'settings.changed': true,
  'protected_host.added': true,
  'protected_host.changed': true,
  'protected_host.removed': true,
  'app.created': true,
  'app.updated': true,
  'app.deleted': true,
  'app.secret_rotated': true,
  'app.sign_in': true,
  'oidc.keys_rotated': true,
  'login.passkey_failed': true,
  'passkey.added': true,
  'passkey.renamed': true,
  'passkey.removed': true,
  'passkey.refused': true,
  'passkey.clone_suspected': true,
  'passkey.used': true,
  'api_token.created': true,
  'api_token.revoked': true,
  'password_reset.requested': true,
  'password_reset.completed': true,
  'login.refused_disabled': true,
  'user.password_changed': true,
  'user.profile_changed': true,
  'user.role_changed': true,
  'user.disabled': true,
  'user.enabled': true,
  'user.deleted': true,
  'users.imported': true,
  'users.exported': true,
  'session.ended': true,
  'sessions.ended_others': true,
};

/** Every audit event this version writes (the audit page's event filter). */
export const AUDIT_EVENT_NAMES: readonly AuditEvent[] = Object.keys(AUDIT_EVENTS) as AuditEvent[];
