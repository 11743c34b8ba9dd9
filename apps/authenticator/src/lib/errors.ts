import { t } from '../i18n/i18n.js';
import { StorageError } from '../storage/vault-store.js';

/** The error's `code` property, when it has a string one (VaultError, ImportError, KeyURIError…). */
export function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** A message for the person, in their language, for any error the app can meet. No stack traces. */
export function describeError(e: unknown): string {
  if (e instanceof StorageError) {
    if (e.code === 'QUOTA') return t('quotaFull');
    if (e.code === 'UNAVAILABLE') return t('storageUnavailable');
    return t('storageFailed', { reason: e.message });
  }
  switch (errorCode(e)) {
    case 'WRONG_PASSWORD':
      return t('wrongPassword');
    case 'DAMAGED':
      return t('fileDamaged');
    case 'UNSUPPORTED_VERSION':
      return t('unsupportedVersion');
    case 'NOT_A_VAULT':
      return t('notAVault');
    case 'NO_PASSWORD_SLOT':
      return t('noPasswordSlot');
    case 'UNKNOWN_FORMAT':
      return t('unknownFormat');
    case 'PASSWORD_REQUIRED':
      return t('passwordRequired');
    case 'NO_QR_CODE':
      return t('noQRFound');
  }
  return t('unexpected', { reason: e instanceof Error ? e.message : String(e) });
}
