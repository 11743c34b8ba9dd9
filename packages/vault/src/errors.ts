import { CodedError, type LocalizedMessage } from '@kakunin/otp/core';

/** What went wrong with a vault, as a code the apps translate and tests rely on. */
export type VaultErrorCode =
  | 'WRONG_PASSWORD'
  | 'DAMAGED'
  | 'UNSUPPORTED_VERSION'
  | 'NOT_A_VAULT'
  | 'NO_PASSWORD_SLOT'
  | 'NOT_ENCRYPTED'
  | 'PASSWORD_REQUIRED';

/** What each code means and what the person can do about it, in English and Japanese. */
export const VAULT_ERROR_MESSAGES: Readonly<Record<VaultErrorCode, LocalizedMessage>> = {
  WRONG_PASSWORD: {
    en: 'Wrong password. Check it (Caps Lock, keyboard layout) and try again.',
    ja: 'パスワードが違います。Caps Lock やキーボード配列を確かめて、もう一度入力してください。',
  },
  DAMAGED: {
    en: 'The vault is damaged or was modified: its contents do not match their checksum. Nothing was changed. Restore it from a backup (a vault file keeps its previous version next to it, as .bak).',
    ja: '保管庫が壊れているか、改変されています（内容がチェックサムと一致しません）。何も変更していません。バックアップから復元してください（保管庫ファイルの一つ前の版は、隣に .bak として残っています）。',
  },
  UNSUPPORTED_VERSION: {
    en: 'This vault was written in a newer or unknown version of the format. Update Kakunin, or export the accounts from the app that wrote it.',
    ja: 'この保管庫は新しい、または未知の形式で書かれています。Kakunin を更新するか、書き出したアプリからアカウントをエクスポートしてください。',
  },
  NOT_A_VAULT: {
    en: 'This file is not a Kakunin or Aegis vault. Choose the vault file itself, or use import for files from other authenticator apps.',
    ja: 'このファイルは Kakunin／Aegis の保管庫ではありません。保管庫ファイルそのものを選ぶか、ほかの認証アプリのファイルは「インポート」で読み込んでください。',
  },
  NO_PASSWORD_SLOT: {
    en: 'This vault has no password to unlock it with (only fingerprint or key slots). Set a password for it in the app that wrote it, then export it again.',
    ja: 'この保管庫にはパスワードで開く鍵がありません（指紋や鍵のスロットだけです）。書き出したアプリでパスワードを設定してから、もう一度エクスポートしてください。',
  },
  NOT_ENCRYPTED: {
    en: 'This vault file is not encrypted, so it cannot be opened with a password. Import it instead, then delete the plain file: it holds your secrets in the clear.',
    ja: 'この保管庫ファイルは暗号化されていないため、パスワードでは開けません。インポートしてから元のファイルを削除してください。秘密鍵がそのまま書かれています。',
  },
  PASSWORD_REQUIRED: {
    en: 'This vault is encrypted. Enter its password to open it.',
    ja: 'この保管庫は暗号化されています。パスワードを入力して開いてください。',
  },
};

/** A vault that cannot be opened or written; `code` says why, `message` tells a person what to do. */
export class VaultError extends CodedError<VaultErrorCode> {
  override readonly name = 'VaultError';

  constructor(code: VaultErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(code, VAULT_ERROR_MESSAGES, detail, options);
  }
}
