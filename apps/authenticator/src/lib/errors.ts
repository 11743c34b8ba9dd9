import { isLocalizedError } from '@kakunin/otp/core';
import { lang, t } from '../i18n/i18n.js';
import { StorageError } from '../storage/vault-store.js';

/** The error's `code` property, when it has a string one (VaultError, ImportError, KeyURIError…). */
export function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/**
 * A message for the person, in their language, for any error the app can meet: always words (a
 * package's error in the package's own words), the error's code after them in brackets for support
 * (never the code alone), never a stack trace.
 */
export function describeError(e: unknown): string {
  if (e instanceof StorageError) {
    if (e.code === 'QUOTA') return t('quotaFull');
    if (e.code === 'UNAVAILABLE') return t('storageUnavailable');
    return t('storageFailed', { reason: e.message });
  }
  if (isLocalizedError(e)) return withCode(e.localizedMessage(lang()), e.code);
  const code = errorCode(e);
  if (code === undefined) return t('unexpected', { reason: e instanceof Error ? e.message : String(e) });
  return withCode(t('unexpectedCoded'), code);
}

/** Words followed by the code for support: "… (BAD_SECRET)". */
export function withCode(words: string, code: string): string {
  return lang() === 'ja' ? `${words}（${code}）` : `${words} (${code})`;
}
