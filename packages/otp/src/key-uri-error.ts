import { CodedError, type LocalizedMessage } from './coded-error.js';

/** Why a key URI was refused. */
export type KeyURIErrorCode =
  | 'NOT_OTPAUTH'
  | 'UNKNOWN_TYPE'
  | 'MISSING_SECRET'
  | 'BAD_SECRET'
  | 'BAD_DIGITS'
  | 'BAD_PERIOD'
  | 'BAD_ALGORITHM'
  | 'BAD_COUNTER'
  | 'BAD_LABEL';

/** What each code means and what the person can do, in English and Japanese. */
export const KEY_URI_ERROR_MESSAGES: Readonly<Record<KeyURIErrorCode, LocalizedMessage>> = {
  NOT_OTPAUTH: {
    en: 'This is not a two-factor key (it should start with otpauth://). Scan the QR code the service shows.',
    ja: '2段階認証の鍵ではありません（otpauth:// で始まる必要があります）。サービスが表示するQRコードを読み取ってください。',
  },
  UNKNOWN_TYPE: {
    en: 'Unknown code type: only totp, hotp and steam are supported.',
    ja: '不明なコードの種類です。totp、hotp、steam のみ対応しています。',
  },
  MISSING_SECRET: {
    en: 'The key has no secret. Ask the service for a new QR code.',
    ja: '鍵にシークレットがありません。サービスで新しいQRコードを表示してください。',
  },
  BAD_SECRET: {
    en: 'The secret is not valid base32 (letters A–Z and digits 2–7). Check for typing mistakes.',
    ja: 'シークレットが正しいBase32（A〜Zと2〜7）ではありません。入力間違いがないか確認してください。',
  },
  BAD_DIGITS: {
    en: 'The number of digits must be a whole number from 1 to 10.',
    ja: '桁数は1〜10の整数で指定してください。',
  },
  BAD_PERIOD: {
    en: 'The period must be a whole number of seconds from 1 to 86400.',
    ja: '更新間隔は1〜86400秒の整数で指定してください。',
  },
  BAD_ALGORITHM: {
    en: 'Unsupported algorithm: use SHA1, SHA256, SHA512 or MD5.',
    ja: '対応していないアルゴリズムです。SHA1、SHA256、SHA512、MD5 のいずれかを指定してください。',
  },
  BAD_COUNTER: {
    en: 'The counter must be a whole number from 0 to 18446744073709551615.',
    ja: 'カウンターは0〜18446744073709551615の整数で指定してください。',
  },
  BAD_LABEL: {
    en: 'The account name or issuer is damaged (invalid percent-encoding). Scan the QR code again.',
    ja: 'アカウント名または発行者が壊れています（不正なパーセントエンコード）。QRコードをもう一度読み取ってください。',
  },
};

/** A key URI that cannot be read; `code` says why and `message` what to do. */
export class KeyURIError extends CodedError<KeyURIErrorCode> {
  override name = 'KeyURIError';

  constructor(code: KeyURIErrorCode, detail?: string) {
    super(code, KEY_URI_ERROR_MESSAGES, detail);
  }
}
