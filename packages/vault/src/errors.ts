/** What went wrong with a vault, as a code the apps translate and tests rely on. */
export type VaultErrorCode =
  | 'WRONG_PASSWORD'
  | 'DAMAGED'
  | 'UNSUPPORTED_VERSION'
  | 'NOT_A_VAULT'
  | 'NO_PASSWORD_SLOT'
  | 'NOT_ENCRYPTED'
  | 'PASSWORD_REQUIRED';

/** Default English messages; each says what is wrong and what the person can do about it. */
export const vaultErrorMessages: Readonly<Record<VaultErrorCode, string>> = {
  WRONG_PASSWORD:
    'The password is wrong. Check it (Caps Lock, keyboard layout) and try again. If you are sure it is right, the file may be damaged: open the backup copy (.bak) instead.',
  DAMAGED:
    'The vault file is damaged: its contents do not match their checksum. Nothing was changed. Open the backup copy next to it (.bak) or restore an exported backup.',
  UNSUPPORTED_VERSION:
    'This vault was written in a newer or unknown version of the format. Update Kakunin, or export the accounts from the app that wrote it.',
  NOT_A_VAULT:
    'This file is not an Aegis or Kakunin vault. Choose the vault file itself, or use import for files from other authenticator apps.',
  NO_PASSWORD_SLOT:
    'This vault has no password to unlock it with (only fingerprint or key slots). Set a password for it in the app that wrote it, then export it again.',
  NOT_ENCRYPTED:
    'This vault file is not encrypted, so it cannot be opened with a password. Import it instead, then delete the plain file: it holds your secrets in the clear.',
  PASSWORD_REQUIRED: 'This vault is encrypted. Enter its password to open it.',
};

/** The same messages in Japanese, for apps that show them as they are. */
export const vaultErrorMessagesJa: Readonly<Record<VaultErrorCode, string>> = {
  WRONG_PASSWORD:
    'パスワードが違います。Caps Lock やキーボード配列を確かめて、もう一度入力してください。正しいはずなのに開けない場合はファイルが壊れているかもしれません。隣にあるバックアップ（.bak）を開いてください。',
  DAMAGED:
    '保管庫ファイルが壊れています（内容がチェックサムと一致しません）。何も変更していません。隣にあるバックアップ（.bak）か、エクスポートしたバックアップから復元してください。',
  UNSUPPORTED_VERSION:
    'この保管庫は新しい、または未知の形式で書かれています。Kakunin を更新するか、書き出したアプリからアカウントをエクスポートしてください。',
  NOT_A_VAULT:
    'このファイルは Aegis／Kakunin の保管庫ではありません。保管庫ファイルそのものを選ぶか、ほかの認証アプリのファイルは「インポート」で読み込んでください。',
  NO_PASSWORD_SLOT:
    'この保管庫にはパスワードで開く鍵がありません（指紋や鍵のスロットだけです）。書き出したアプリでパスワードを設定してから、もう一度エクスポートしてください。',
  NOT_ENCRYPTED:
    'この保管庫ファイルは暗号化されていないため、パスワードでは開けません。インポートしてから元のファイルを削除してください。秘密鍵がそのまま書かれています。',
  PASSWORD_REQUIRED: 'この保管庫は暗号化されています。パスワードを入力して開いてください。',
};

/** A vault that cannot be opened or written; `code` says why, `message` tells a person what to do. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(
      detail === undefined ? vaultErrorMessages[code] : `${vaultErrorMessages[code]} (${detail})`,
      options,
    );
    this.code = code;
  }
}
