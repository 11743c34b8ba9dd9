/** The English message catalogue; every key must also exist in ja.ts (checked by the type system). */
export const en = {
  appName: 'Kakunin',
  language: 'Language',
  loading: 'Loading…',
  // first run
  firstRunTitle: 'Create your vault',
  firstRunIntro:
    'Your accounts are kept in an encrypted vault on this device. Choose a password to protect it. There is no way to recover a forgotten password.',
  vaultPassword: 'Vault password',
  repeatPassword: 'Repeat password',
  createVault: 'Create vault',
  creatingVault: 'Creating the vault…',
  passwordsDiffer: 'The two passwords differ. Type the same password twice.',
  passwordTooShort: 'Use at least 8 characters.',
  strengthLabel: 'Strength: {level}',
  strength0: 'very weak',
  strength1: 'weak',
  strength2: 'fair',
  strength3: 'good',
  strength4: 'strong',
  strengthHint:
    'Longer is stronger: a phrase of several unrelated words is easy to remember and hard to guess.',
  restoreInstead: 'Restore from a backup file',
  // unlock
  unlockTitle: 'Unlock your vault',
  unlock: 'Unlock',
  unlocking: 'Unlocking…',
  vaultDamaged:
    'The vault stored on this device is damaged and cannot be opened. Restore it from a backup file; the damaged copy is kept untouched.',
  previousCopyOpened:
    'The latest copy of the vault was damaged, so the previous copy was opened. The most recent change may be missing.',
  // list
  addAccount: 'Add account',
  scanQR: 'Scan QR code',
  importImage: 'Import image',
  enterKeyManually: 'Enter key manually',
  settings: 'Settings',
  lockNow: 'Lock',
  search: 'Search',
  sortManual: 'Manual order',
  sortIssuer: 'Sort by issuer',
  sortLabel: 'Order',
  noAccounts: 'No accounts yet. Use “Add account” to scan the QR code a service shows you.',
  noMatches: 'No account matches the search.',
  nextCode: 'Next code',
  next: 'next',
  copied: 'Copied {code}',
  copyFailed: 'Could not copy; select the code and copy it by hand.',
  clockSkew:
    'This device’s clock differs from the server’s by about {s} seconds. Codes may be rejected: set the clock automatically in the system settings.',
  // add
  scanTitle: 'Scan a QR code',
  scanHint: 'Point the camera at the QR code the service shows.',
  cameraStarting: 'Starting the camera…',
  cameraDenied:
    'Camera access was denied. Allow the camera for this site in the browser settings, or use “Import image” or “Enter key manually”.',
  cameraMissing: 'No camera was found. Use “Import image” or “Enter key manually”.',
  cameraFailed: 'The camera could not be started. Close other apps using it, or use “Import image”.',
  cancel: 'Cancel',
  back: 'Back',
  close: 'Close',
  importImageTitle: 'Import a QR code image',
  importImageHint: 'Choose a screenshot or photo of the QR code, drop it here, or paste it.',
  chooseImage: 'Choose image',
  dropHere: 'Drop an image here or paste it',
  readingImage: 'Reading the image…',
  noQRFound: 'No QR code was found in this image. Try a sharper, larger picture of the code.',
  notOTPQR:
    'This QR code is not a two-factor key (it holds “{preview}”). Scan the QR code from the service’s two-factor settings.',
  damagedQR: 'This QR code cannot be used: {reason}',
  manualTitle: 'Enter key manually',
  issuer: 'Issuer',
  accountName: 'Account',
  secretKey: 'Key',
  advanced: 'Advanced',
  type: 'Type',
  algorithm: 'Algorithm',
  digits: 'Digits',
  period: 'Period (seconds)',
  counter: 'Counter',
  badKey: 'The key is not valid base32 (letters A–Z and digits 2–7). Check it for typing mistakes.',
  badField: 'Check the advanced settings: {reason}',
  confirmTitle: 'Add this account?',
  confirmManyTitle: 'Add these {n} accounts?',
  register: 'Register',
  alreadyRegistered: 'Already registered: {names}',
  added: 'Added {n} accounts.',
  migrationPage: 'Export page {index} of {size}.',
  migrationRemaining: 'Scan the remaining pages: {pages}.',
  migrationDone: 'All {size} pages are in.',
  scanNextPage: 'Scan next page',
  // settings
  settingsTitle: 'Settings',
  registeredServices: 'Registered services',
  moveDevice: 'Move to a new device',
  backupRestore: 'Backup and restore',
  changePassword: 'Change password',
  autoLock: 'Lock after inactivity',
  minutes: '{n} min',
  never: 'Never',
  edit: 'Edit',
  save: 'Save',
  saved: 'Saved.',
  export: 'Export',
  delete: 'Delete',
  moveUp: 'Move up',
  moveDown: 'Move down',
  exportWarning:
    'This QR code contains the secret key. Anyone who sees or photographs it can generate your codes. Show it only to your own new device.',
  deleteTitle: 'Delete {name}?',
  deleteWarning:
    'Delete only after your new device shows the same codes for this account. Once deleted here, this device can no longer sign you in.',
  deleteConfirm: 'Delete',
  deleted: 'Deleted {name}.',
  deletedCount: 'Deleted {n} accounts from this device.',
  qrTooLarge: 'This is too much for one QR code. Export fewer accounts at a time.',
  // move
  exportAll: 'Export all accounts',
  pageOf: '{index} of {size}',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  skippedAccounts: 'Not exportable in this format: {names}',
  showReceipt: 'Show confirmation QR',
  receiptTitle: 'Confirmation QR',
  receiptHint: 'Scan this with the old device: it checks that the {n} accounts here match what it exported.',
  scanReceipt: 'Scan confirmation QR',
  receiptAllArrived: 'All {n} accounts arrived intact — safe to delete here.',
  receiptMissing: '{missing} of {n} accounts did not arrive: export them again before deleting anything.',
  deleteArrived: 'Delete the {n} accounts that arrived',
  deleteArrivedWarning: 'The new device has these accounts. Delete them from this device?',
  notReceipt:
    'This is not a Kakunin confirmation QR. Scan the one the new device shows under “Move to a new device”.',
  // backup
  downloadBackup: 'Download encrypted backup',
  backupHint:
    'The backup is encrypted with your vault password. It opens in Aegis and in the kakunin command line tool.',
  backupWrongCodesInAegis:
    'Aegis reads MD5 as SHA-1, so if this backup is opened in Aegis it will show wrong codes for: {names}. Kakunin shows the right ones.',
  importFile: 'Import from a file',
  importFileHint:
    'Add accounts from a Kakunin or Aegis backup, another app’s export or data file (2FAS, andOTP, Authy, Battle.net, Bitwarden, Duo, Ente, FreeOTP, FreeOTP+, Google Authenticator, Microsoft Authenticator, Proton, Steam, Stratum, TOTP Authenticator), a FIDO Credential Exchange file, or an otpauth:// list.',
  chooseFile: 'Choose file',
  filePassword: 'Password of the file',
  open: 'Open',
  passwordRequired: 'This file is encrypted. Enter its password.',
  fileWrongPassword: 'Wrong password for this file.',
  restoreTitle: 'Restore from a backup file',
  restoreHint:
    'Choose a Kakunin or Aegis encrypted backup and enter its password. It becomes this device’s vault.',
  restore: 'Restore',
  incompleteBatch: 'Some export pages are missing: {pages}.',
  // password change
  currentPassword: 'Current password',
  newPassword: 'New password',
  passwordChanged: 'Password changed. Download a new backup: old backups still open with the old password.',
  passwordChangeDropsPasskey:
    'This vault also unlocks with a passkey on this device. A new password turns that off: afterwards, set the passkey up again in Settings → Unlock with a passkey.',
  passkeyDroppedByPasswordChange:
    'The passkey no longer unlocks the vault. To unlock with it again, set it up in Settings → Unlock with a passkey.',
  // errors
  quotaFull:
    'The device storage is full, so the change was not saved. Free some space and try again; the previously saved vault is intact.',
  storageFailed: 'The vault could not be saved ({reason}). The previously saved vault is intact.',
  storageUnavailable:
    'This browser does not allow storage for this site (private browsing?). Kakunin cannot keep your accounts here.',
  unexpected: 'Something went wrong: {reason}',
  screenLoadFailed: 'This screen could not be loaded. Check the connection and try again.',
  screenLoadOffline:
    'This screen could not be loaded while offline. Connect to the internet once, then try again; your accounts are not affected.',
  retry: 'Try again',
  unexpectedCoded:
    'Something unexpected went wrong. Try again; if it keeps happening, tell support the code that follows.',
  scanReceiptHint: 'Point the camera at the confirmation QR code the new device shows.',
  moveWhichDevice: 'Is this the old or the new device?',
  moveOldDevice: 'This is the old device',
  moveOldDeviceHint: 'It has the accounts now; you are moving them away.',
  moveNewDevice: 'This is the new device',
  moveNewDeviceHint: 'The accounts should arrive here.',
  moveOldStep1: 'Show the export QR codes and scan them with the new device.',
  moveOldStep2:
    'When the new device shows its confirmation, check it here: scan its QR code, read it from a screenshot, or type the short code shown under it.',
  moveNewStep1: 'Scan the export QR codes the old device shows (or import a screenshot of them).',
  moveNewStep2: 'Show the confirmation to the old device, so it can check that everything arrived.',
  receiptFromImage: 'Read confirmation from an image',
  receiptCodeHint: 'No camera? Type this code on the old device:',
  receiptCodeLabel: 'Confirmation code (8 characters)',
  receiptCodeCheck: 'Check code',
  receiptCodeMalformed: 'A confirmation code has 8 letters and digits, like ABCD-EF23. Check what you typed.',
  receiptCodeMismatch:
    'The code does not match: not every account here arrived on the new device (or it holds others too). Scan or import its confirmation QR to see which ones are missing.',
  dangerZone: 'Delete from this device',
  deleteHint: 'Removes the account and its key from this device. It cannot be undone.',
  noFileChosen: 'No file chosen',
  favoriteOf: 'Favourite: {name}',
  filterAll: 'All',
  filterFavorites: 'Favourites',
  filterLabel: 'Show',
  emptyTitle: 'No accounts yet',
  emptyHint:
    'When a service offers two-factor authentication, it shows a QR code. Scan it here, or use a screenshot of it, or type the key it shows.',
  emptyMoving: 'Moving from another device? Start here',
  group: 'Group',
  groupHint: 'Optional, for example Work. Groups appear as filters above the codes.',
  chooseIcon: 'Change icon',
  iconAutomatic: 'Automatic (by issuer)',
  iconLetter: 'Letter only',
  iconSearch: 'Find an icon',
  passkeyTitle: 'Unlock with a passkey',
  passkeyIntro:
    'Unlock with your fingerprint, face or device PIN instead of typing the password. The password keeps working, and is still needed after a password change.',
  passkeyUnsupported:
    'This browser or device cannot unlock with a passkey (no fingerprint, face or PIN authenticator is available).',
  passkeyNoPRF:
    'This passkey cannot unlock the vault: its authenticator does not support deriving keys (the WebAuthn PRF extension). Nothing was changed.',
  passkeyCancelled: 'The passkey was not created (cancelled or timed out). Try again.',
  passkeySetUp: 'Set up passkey',
  passkeyOn: 'A passkey unlocks this vault on this device.',
  passkeyRemove: 'Remove passkey',
  passkeyAdded: 'Passkey set up. Next time, unlock with it.',
  passkeyRemoved: 'Passkey removed. Unlock with the password.',
  passkeyFilesNote:
    'The passkey works only on this device: backups and exports open with the password alone (in Aegis too).',
  unlockWithPasskey: 'Unlock with passkey',
  passkeyUnlockFailed:
    'The passkey did not unlock the vault (cancelled, or another passkey). Try again or use the password.',
  locked: 'Locked.',
} as const;

export type MessageKey = keyof typeof en;

/**
 * English forms for a count of exactly one, used by `tn` in place of the messages above (which are
 * worded for any other count). Japanese needs none: 「1 件」 reads the same as 「3 件」.
 */
export const enOne: Partial<Record<MessageKey, string>> = {
  confirmManyTitle: 'Add this {n} account?',
  added: 'Added {n} account.',
  deletedCount: 'Deleted {n} account from this device.',
  receiptHint: 'Scan this with the old device: it checks that the {n} account here matches what it exported.',
  receiptAllArrived: 'The {n} account arrived intact — safe to delete here.',
  receiptMissing: '{missing} of {n} account did not arrive: export it again before deleting anything.',
  deleteArrived: 'Delete the {n} account that arrived',
};
