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
