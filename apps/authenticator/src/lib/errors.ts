import { lang, type MessageKey, t } from '../i18n/i18n.js';
import { StorageError } from '../storage/vault-store.js';

/** The error's `code` property, when it has a string one (VaultError, ImportError, KeyURIError…). */
export function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

// Codes whose wording the app words itself (shorter, or pointing at the app's own screens).
const APP_WORDS: Record<string, MessageKey> = {
  WRONG_PASSWORD: 'wrongPassword',
  DAMAGED: 'fileDamaged',
  UNSUPPORTED_VERSION: 'unsupportedVersion',
  NOT_A_VAULT: 'notAVault',
  NO_PASSWORD_SLOT: 'noPasswordSlot',
  UNKNOWN_FORMAT: 'unknownFormat',
  PASSWORD_REQUIRED: 'passwordRequired',
  NO_QR_CODE: 'noQRFound',
  NOT_ENCRYPTED: 'notEncrypted',
};

/** The words a coded error from the packages carries for people, in the UI language. */
function packageWords(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'localizedMessage' in e && typeof e.localizedMessage === 'function') {
    const words: unknown = e.localizedMessage(lang());
    return typeof words === 'string' ? words : undefined;
  }
  return undefined;
}

/**
 * A message for the person, in their language, for any error the app can meet: always words, the
 * error's code after them in brackets for support (never the code alone), never a stack trace.
 */
export function describeError(e: unknown): string {
  if (e instanceof StorageError) {
    if (e.code === 'QUOTA') return t('quotaFull');
    if (e.code === 'UNAVAILABLE') return t('storageUnavailable');
    return t('storageFailed', { reason: e.message });
  }
  const code = errorCode(e);
  if (code === undefined) return t('unexpected', { reason: e instanceof Error ? e.message : String(e) });
  const key = APP_WORDS[code];
  if (key) return t(key);
  return withCode(packageWords(e) ?? t('unexpectedCoded'), code);
}

/** Words followed by the code for support: "… (BAD_SECRET)". */
export function withCode(words: string, code: string): string {
  return lang() === 'ja' ? `${words}（${code}）` : `${words} (${code})`;
}
