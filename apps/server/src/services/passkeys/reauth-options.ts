import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../context.js';
import type { Session } from '../sessions.js';
import { passkeyAuthenticationOptions } from './assert.js';
import { hasPasskey } from './has-passkey.js';

/**
 * Options for proving it is still the person with one of their passkeys before a sensitive change
 * ("Confirm that it is you"): a challenge bound to this session, for this purpose only.
 * Throws PASSKEY_NOT_FOUND for a person without a passkey.
 */
export async function reauthenticationPasskeyOptions(
  ctx: ServiceContext,
  session: Session,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (!(await hasPasskey(ctx, session.userId))) throw new AppError('PASSKEY_NOT_FOUND');
  return passkeyAuthenticationOptions(ctx, ctx.relyingParty, {
    purpose: 'reauthenticate',
    binding: session.id,
    userId: session.userId,
  });
}
