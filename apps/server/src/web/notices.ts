import type { PlainKey } from '../i18n/index.js';

/**
 * Confirmations passed through a redirect as `?notice=<name>`: only these fixed names, so nothing a
 * link carries ends up on the page.
 */
export const NOTICES = {
  'signed-out': 'signIn.signedOut',
  'session-ended': 'signIn.sessionEnded',
  disabled: 'tf.disabledNotice',
  'recovery-used': 'recovery.left',
  saved: 'admin.saved',
  'passkey-renamed': 'passkeys.renamed',
  'passkey-removed': 'passkeys.removed',
  'password-reset': 'reset.done',
  'password-changed': 'account.passwordChanged',
  'profile-saved': 'account.profileSaved',
  'session-signed-out': 'sessions.endedOne',
  'sessions-ended': 'sessions.endedOthers',
  'user-deleted': 'admin.deletedNotice',
} as const satisfies Record<string, PlainKey>;

/** The message key for a `notice` query value, if it is one of ours. */
export function noticeKey(value: unknown): PlainKey | undefined {
  return typeof value === 'string' && Object.hasOwn(NOTICES, value)
    ? NOTICES[value as keyof typeof NOTICES]
    : undefined;
}
