/** Addresses of pages that other pages link to or send people to. */

/** Account settings → Passkeys and security keys. */
export const PASSKEYS_PATH = '/account/passkeys';

/** The authenticator app's registration (the other way to meet a "required" policy). */
export const ENROLL_PATH = '/account/two-factor/enroll';
