import { CodedError, type LocalizedMessage } from './coded-error.js';

/** Why a Google Authenticator migration URI was refused. */
export type MigrationErrorCode =
  | 'NOT_MIGRATION'
  | 'MISSING_DATA'
  | 'BAD_BASE64'
  | 'BAD_PAYLOAD'
  | 'BAD_BATCH'
  | 'UNSUPPORTED_ACCOUNT';

/** What each code means and what the person can do, in English and Japanese. */
export const MIGRATION_ERROR_MESSAGES: Readonly<Record<MigrationErrorCode, LocalizedMessage>> = {
  NOT_MIGRATION: {
    en: 'This is not a Google Authenticator export (it should start with otpauth-migration://offline).',
    ja: 'Google Authenticator のエクスポートではありません（otpauth-migration://offline で始まる必要があります）。',
  },
  MISSING_DATA: {
    en: 'The export QR code has no data. Export the accounts again.',
    ja: 'エクスポートのQRコードにデータがありません。もう一度エクスポートしてください。',
  },
  BAD_BASE64: {
    en: 'The export data is damaged (not base64). Scan the QR code again.',
    ja: 'エクスポートデータが壊れています（Base64ではありません）。QRコードをもう一度読み取ってください。',
  },
  BAD_PAYLOAD: {
    en: 'The export data is damaged and cannot be read. Scan the QR code again or export again.',
    ja: 'エクスポートデータが壊れていて読み取れません。QRコードを読み取り直すか、もう一度エクスポートしてください。',
  },
  BAD_BATCH: {
    en: 'The QR code numbering is inconsistent (page beyond the number of pages). Export again.',
    ja: 'QRコードの番号が不正です（ページ番号が総ページ数を超えています）。もう一度エクスポートしてください。',
  },
  UNSUPPORTED_ACCOUNT: {
    en: 'The export contains an account of a kind this app does not know (algorithm, digits or type).',
    ja: 'このアプリが対応していない種類のアカウント（アルゴリズム、桁数、種類）が含まれています。',
  },
};

/** A migration URI that cannot be read; `code` says why and `message` what to do. */
export class MigrationError extends CodedError<MigrationErrorCode> {
  override name = 'MigrationError';

  constructor(code: MigrationErrorCode, detail?: string) {
    super(code, MIGRATION_ERROR_MESSAGES, detail);
  }
}
