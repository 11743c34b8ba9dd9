import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { hashToken } from '../../crypto/tokens.js';
import type { AuthMethod } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import {
  addressKey,
  attemptKeys,
  guardAttempt,
  refuseFailedAttempt,
  refuseLockedAddress,
  reportOutcome,
  secondFactorKey,
} from '../attempts/index.js';
import { recordAudit } from '../audit.js';
import { afterSecondFactor, firstFactor, type LoginResult, pendingLogin, STAGE_OF } from '../auth.js';
import type { Actor, ServiceContext } from '../context.js';
import { findSession, parseAMR, promoteSession, type Session } from '../sessions.js';
import { getSettings } from '../settings.js';
import { PasskeyRefusedError, passkeyAuthenticationOptions, verifyPasskeyAssertion } from './assert.js';
import type { RelyingParty } from './relying-party.js';

/**
 * RFC 8176 methods of a passkey used after the password: possession of a key (`pop`), and `user`
 * when the authenticator verified the person. Attestation is `none`, so a hardware key cannot be told
 * from a synced passkey: `pop`, never `hwk`/`swk`.
 */
export function passkeyMethods(userVerified: boolean): AuthMethod[] {
  return userVerified ? ['pop', 'user'] : ['pop'];
}

/** The pending sign-in (password done, second factor due) of a cookie token. Throws NO_PENDING_LOGIN. */
async function pendingSignIn(ctx: ServiceContext, token: string | undefined): Promise<Session> {
  const session = await findSession(ctx, token);
  if (session?.stage !== 'second_factor') throw new AppError('NO_PENDING_LOGIN');
  return session;
}

/** Options for the second-factor page's "Use a passkey or security key", bound to the pending sign-in. */
export async function secondFactorPasskeyOptions(
  ctx: ServiceContext,
  rp: RelyingParty,
  input: { token: string | undefined },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const session = await pendingSignIn(ctx, input.token);
  return passkeyAuthenticationOptions(ctx, rp, {
    purpose: 'second_factor',
    binding: session.id,
    userId: session.userId,
  });
}

/**
 * The second factor with a passkey or security key, for a session waiting for one. On success the
 * session gets a NEW token, like a code. Guarded like a code (ADR 0009): a place in the address limit
 * and in the account's passkey counter is reserved before the assertion is checked, and a refused
 * assertion keeps it. Throws NO_PENDING_LOGIN, PASSKEY_REFUSED, ACCOUNT_LOCKED, TOO_MANY_REQUESTS.
 */
export function loginWithPasskey(
  ctx: ServiceContext,
  rp: RelyingParty,
  input: { token: string | undefined; response: unknown; ip: string },
): Promise<LoginResult> {
  return reportOutcome(ctx, 'passkey', () => passkeyStep(ctx, rp, input));
}

async function passkeyStep(
  ctx: ServiceContext,
  rp: RelyingParty,
  input: { token: string | undefined; response: unknown; ip: string },
): Promise<LoginResult> {
  await refuseLockedAddress(ctx, input.ip);
  const pending = await pendingLogin(ctx, input.token);
  // A key that did not verify the person already stands for one factor here: the second is a code.
  if (firstFactor(parseAMR(pending.amr)) === 'pop') throw new AppError('PASSKEY_REFUSED');
  const token = input.token as string;
  const binding = hashToken(token);
  const actor: Actor = { username: pending.username, ip: input.ip };
  const status = afterSecondFactor(pending);
  const { lockout } = await getSettings(ctx);
  let userVerified = false;
  const outcome = await guardAttempt(
    ctx,
    [addressKey(ctx, input.ip), secondFactorKey(attemptKeys.passkey(pending.user_id), lockout)],
    async () => {
      let assertion: Awaited<ReturnType<typeof verifyPasskeyAssertion>>;
      try {
        assertion = await verifyPasskeyAssertion(ctx, rp, {
          purpose: 'second_factor',
          binding,
          response: input.response,
          userId: pending.user_id,
          actor,
        });
      } catch (error) {
        if (error instanceof PasskeyRefusedError) return undefined;
        throw error;
      }
      userVerified = assertion.userVerified;
      const amr: AuthMethod[] = ['pwd', ...passkeyMethods(assertion.userVerified)];
      const promoted = await promoteSession(ctx, token, 'second_factor', STAGE_OF[status], {
        time: ctx.now(),
        amr,
      });
      if (!promoted) throw new AppError('NO_PENDING_LOGIN');
      await recordAudit(ctx, {
        event: 'login.succeeded',
        actor,
        target: pending.username,
        details: { method: 'passkey', passkey: assertion.name, userVerified: assertion.userVerified },
      });
      return promoted;
    },
  );
  if (!outcome.ok) {
    // Counted against the person signing in, whoever's key was presented.
    return refuseFailedAttempt(
      ctx,
      outcome,
      { event: 'login.passkey_failed', actor, target: pending.username },
      new AppError('PASSKEY_REFUSED'),
    );
  }
  ctx.events.emit('login.succeeded', userVerified ? 'passkey' : 'security_key');
  return { status, ...outcome.value, username: pending.username, role: pending.role };
}
