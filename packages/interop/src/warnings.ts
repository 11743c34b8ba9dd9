import type { Language } from './errors.js';

/** A warning about an import in both languages; results carry it in the language asked for. */
export interface Notice {
  en: string;
  ja: string;
}

/**
 * An entry was skipped because its OTP type is one Kakunin cannot generate. `where` names it in English
 * ("entry 3 (GitHub)"); Japanese names it by its 1-based `position`, or by `where` when that is null.
 */
export function skippedType(where: string, position: number | null, type: string): Notice {
  const shown = type === '' ? 'unknown' : type;
  const entry = position === null ? `「${where}」` : `${position} 番目の項目`;
  return {
    en: `${where} was skipped: its type "${shown}" is not supported by Kakunin.`,
    ja: `${entry}（種類「${shown}」）は Kakunin が対応していない種類のため、読み込みませんでした。`,
  };
}

/** A line of an Ente Auth export that is in Ente's trash. */
export const trashed = (line: number): Notice => ({
  en: `Line ${line} was skipped: it is in Ente Auth's trash.`,
  ja: `${line} 行目は Ente Auth のごみ箱にあるため、読み込みませんでした。`,
});

/** QR codes in a picture that hold no account. */
export const otherQRCodes = (count: number): Notice => ({
  en: `${count} other QR code(s) in the image hold no account and were ignored.`,
  ja: `画像内のほかの QR コード ${count} 個はアカウントを含まないため、無視しました。`,
});

/** The same page of a Google Authenticator export given twice. */
export const repeatedPage = (page: number): Notice => ({
  en: `QR code ${page} was given twice; it was read once.`,
  ja: `${page} 番目の QR コードが 2 回指定されました。1 回だけ読み込みました。`,
});

/** Prefix a notice with the file it is about (when several files are imported together). */
export const inFile = (filename: string | undefined, notice: Notice): Notice =>
  filename === undefined ? notice : { en: `${filename}: ${notice.en}`, ja: `${filename}: ${notice.ja}` };

/** The notices as text in one language. */
export const noticeText = (notices: readonly Notice[], lang: Language = 'en'): string[] =>
  notices.map((n) => n[lang]);
