import type { Language, LocalizedError, LocalizedMessage } from '@kakunin/otp/core';
import { DETAIL_JA } from './detail-ja.js';

export type { Language };

/** Why a file could not be imported; stable codes that apps translate and tests rely on. */
export type ImportErrorCode =
  | 'UNKNOWN_FORMAT'
  | 'PASSWORD_REQUIRED'
  | 'WRONG_PASSWORD'
  | 'DAMAGED'
  | 'UNSUPPORTED_VERSION'
  | 'INCOMPLETE_BATCH'
  | 'NO_QR_CODE';

export interface ImportErrorDetails {
  filename?: string;
  /** A short technical reason (English), shown after the main sentence. */
  detail?: string;
  /** For INCOMPLETE_BATCH: the 1-based page numbers that were not supplied, and the batch size. */
  missingPages?: number[];
  batchSize?: number;
  /** The app whose file this recognisably is, when it is one Kakunin cannot read (named in the message). */
  app?: string;
  cause?: unknown;
}

/** Words that name the file and use the error's details. */
type Render = (file: string, d: ImportErrorDetails) => string;

const pages = (d: ImportErrorDetails): string => (d.missingPages ?? []).join(', ');

const APPS =
  'Aegis, 2FAS, andOTP, Authy, Battle.net, Bitwarden, Duo, FreeOTP, FreeOTP+, Ente Auth, Google Authenticator, ' +
  'Microsoft Authenticator, Proton Authenticator, Steam, Stratum, TOTP Authenticator, or any app that exports the FIDO Credential Exchange Format';

const APPS_JA =
  'Aegis、2FAS、andOTP、Authy、Battle.net、Bitwarden、Duo、FreeOTP、FreeOTP+、Ente Auth、Google Authenticator、' +
  'Microsoft Authenticator、Proton Authenticator、Steam、Stratum、TOTP Authenticator、または FIDO Credential Exchange Format を書き出せるアプリ';

/** What each code means and what the person can do, in English and Japanese (naming the file). */
export const IMPORT_ERROR_MESSAGES: Readonly<Record<ImportErrorCode, LocalizedMessage<Render>>> = {
  UNKNOWN_FORMAT: {
    en: (f, d) =>
      d.app
        ? `${f} is a file of ${d.app}, but not one Kakunin can read.`
        : `${f} is not an export file Kakunin can read. Export the accounts again from the other app (${APPS}) or choose the format explicitly.`,
    ja: (f, d) =>
      d.app
        ? `${f} は ${d.app} のファイルですが、Kakunin が読み込める種類ではありません。`
        : `${f} は Kakunin が読み込める形式ではありません。元のアプリ（${APPS_JA}）からもう一度エクスポートするか、形式を指定してください。`,
  },
  PASSWORD_REQUIRED: {
    en: (f, d) =>
      `${f} is ${d.app ? `an encrypted ${d.app} file` : 'encrypted'}. Enter the password that was set when it was exported.`,
    ja: (f, d) =>
      `${f} は${d.app ? ` ${d.app} の暗号化されたファイルです` : '暗号化されています'}。エクスポート時に設定したパスワードを入力してください。`,
  },
  WRONG_PASSWORD: {
    en: (f) =>
      `The password for ${f} is not correct. Check the password (it is the one set in the app that made the backup) and try again.`,
    ja: (f) =>
      `${f} のパスワードが正しくありません。バックアップを作成したアプリで設定したパスワードを確認して、もう一度お試しください。`,
  },
  DAMAGED: {
    en: (f) =>
      `${f} is damaged or incomplete and was not imported. Nothing was changed. Export it again from the other app.`,
    ja: (f) =>
      `${f} は壊れているか不完全なため、読み込みませんでした。何も変更されていません。元のアプリからもう一度エクスポートしてください。`,
  },
  UNSUPPORTED_VERSION: {
    en: (f, d) =>
      d.app
        ? `${f} is a file of ${d.app} in a version or variant Kakunin cannot read.`
        : `${f} uses a version or variant of its format that Kakunin cannot read. Export it again as a plain or current-version backup.`,
    ja: (f, d) =>
      d.app
        ? `${f} は ${d.app} のファイルですが、Kakunin が対応していないバージョンまたは種類です。`
        : `${f} は Kakunin が対応していないバージョンまたは種類の形式です。暗号化なし、または最新の形式でもう一度エクスポートしてください。`,
  },
  INCOMPLETE_BATCH: {
    en: (f, d) =>
      `${f} is part of a Google Authenticator export of ${d.batchSize ?? '?'} QR codes, but QR code(s) ${pages(d)} are missing. ` +
      'Import all the QR codes of that export together.',
    ja: (f, d) =>
      `${f} は ${d.batchSize ?? '?'} 個の QR コードからなる Google Authenticator のエクスポートの一部ですが、${pages(d)} 番目の QR コードがありません。すべての QR コードをまとめて読み込んでください。`,
  },
  NO_QR_CODE: {
    en: (f) =>
      `No QR code was found in ${f}. Use a sharp picture or screenshot that shows the whole QR code.`,
    ja: (f) =>
      `${f} に QR コードが見つかりません。QR コード全体が写った鮮明な写真かスクリーンショットを使ってください。`,
  },
};

const fileLabel = (filename: string | undefined, lang: Language): string => {
  if (filename) return `"${filename}"`;
  return lang === 'ja' ? 'このファイル' : 'the file';
};

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Render the user-facing message for an import error code in English or Japanese. */
export function importErrorMessage(
  code: ImportErrorCode,
  lang: Language,
  details: ImportErrorDetails = {},
): string {
  const text = capitalized(IMPORT_ERROR_MESSAGES[code][lang](fileLabel(details.filename, lang), details));
  if (!details.detail) return text;
  const detail = lang === 'ja' ? (DETAIL_JA[details.detail] ?? details.detail) : details.detail;
  return lang === 'ja' ? `${text}（${detail}）` : `${text} (${detail})`;
}

/** A file could not be imported; `code` says why, the message names the file and what to do. */
export class ImportError extends Error implements LocalizedError {
  override readonly name = 'ImportError';
  readonly code: ImportErrorCode;
  readonly filename?: string;
  readonly detail?: string;
  readonly missingPages?: number[];
  readonly batchSize?: number;
  readonly app?: string;

  constructor(code: ImportErrorCode, details: ImportErrorDetails = {}) {
    super(
      importErrorMessage(code, 'en', details),
      details.cause === undefined ? {} : { cause: details.cause },
    );
    this.code = code;
    if (details.filename !== undefined) this.filename = details.filename;
    if (details.detail !== undefined) this.detail = details.detail;
    if (details.missingPages !== undefined) this.missingPages = details.missingPages;
    if (details.batchSize !== undefined) this.batchSize = details.batchSize;
    if (details.app !== undefined) this.app = details.app;
  }

  /** The same message in the user's language. */
  localizedMessage(lang: Language): string {
    return importErrorMessage(this.code, lang, this);
  }

  /** A copy of this error that names the file (errors are raised before the file name is known). */
  withFilename(filename: string | undefined): ImportError {
    if (filename === undefined || this.filename !== undefined) return this;
    return new ImportError(this.code, { ...this, filename, cause: this.cause });
  }
}
