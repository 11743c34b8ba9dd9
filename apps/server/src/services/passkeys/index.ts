export {
  type PasskeyAssertion,
  PasskeyRefusedError,
  passkeyAuthenticationOptions,
  verifyPasskeyAssertion,
} from './assert.js';
export { hasPasskey } from './has-passkey.js';
export { listPasskeys, type PasskeyInfo, removePasskey, removeUserPasskey, renamePasskey } from './manage.js';
export { loginWithoutPassword, passwordlessOptions } from './passwordless.js';
export { reauthenticationPasskeyOptions } from './reauth-options.js';
export { addPasskey, MAX_PASSKEYS, passkeyRegistrationOptions } from './register.js';
export { type RelyingParty, relyingParty } from './relying-party.js';
export { loginWithPasskey, passkeyMethods, secondFactorPasskeyOptions } from './sign-in.js';
