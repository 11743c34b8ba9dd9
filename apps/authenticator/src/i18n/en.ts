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
  wrongPassword: 'Wrong password. Check the keyboard layout and Caps Lock, then try again.',
  vaultDamaged:
    'The vault stored on this device is damaged and cannot be opened. Restore it from a backup file; the damaged copy is kept untouched.',
  previousCopyOpened:
    'The latest copy of the vault was damaged, so the previous copy was opened. The most recent change may be missing.',
  unsupportedVersion: 'This vault was written by a newer version. Update the app and try again.',
  notAVault: 'This file is not a Kakunin or Aegis vault file.',
  noPasswordSlot: 'This vault cannot be unlocked with a password (it uses another kind of key).',
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
  secondsUnit: 's',
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
  damagedQR: 'This QR code is damaged or incomplete ({reason}). Ask the service to show it again.',
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
  moveIntro:
    'Step 1 on this device: show the export QR codes and scan them with the new device. Step 2: the new device shows a confirmation QR; scan it here to check that everything arrived.',
  exportAll: 'Export all accounts',
  pageOf: '{index} of {size}',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  skippedAccounts: 'Not exportable in this format: {names}',
  showReceipt: 'Show confirmation QR (on the new device)',
  receiptTitle: 'Confirmation QR',
  receiptHint: 'Scan this with the old device: it checks that the {n} accounts here match what it exported.',
  scanReceipt: 'Scan confirmation QR (on the old device)',
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
  importFile: 'Import from a file',
  importFileHint:
    'Add accounts from a Kakunin or Aegis backup, or an export of 2FAS, andOTP, Bitwarden, FreeOTP+, Ente, Proton, Stratum, or an otpauth:// list.',
  chooseFile: 'Choose file',
  filePassword: 'Password of the file',
  open: 'Open',
  unknownFormat: 'This file is not in a format Kakunin can read.',
  passwordRequired: 'This file is encrypted. Enter its password.',
  fileWrongPassword: 'Wrong password for this file.',
  fileDamaged: 'The file is damaged or incomplete.',
  restoreTitle: 'Restore from a backup file',
  restoreHint:
    'Choose a Kakunin or Aegis encrypted backup and enter its password. It becomes this device’s vault.',
  restore: 'Restore',
  incompleteBatch: 'Some export pages are missing: {pages}.',
  // password change
  currentPassword: 'Current password',
  newPassword: 'New password',
  passwordChanged: 'Password changed. Download a new backup: old backups still open with the old password.',
  // errors
  quotaFull:
    'The device storage is full, so the change was not saved. Free some space and try again; the previously saved vault is intact.',
  storageFailed: 'The vault could not be saved ({reason}). The previously saved vault is intact.',
  storageUnavailable:
    'This browser does not allow storage for this site (private browsing?). Kakunin cannot keep your accounts here.',
  unexpected: 'Something went wrong: {reason}',
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
