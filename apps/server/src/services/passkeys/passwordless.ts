import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AppError } from '../../errors.js';
import {
  addressKey,
  attemptKeys,
  type GuardedKey,
  guardAttempt,
  refuseFailedAttempt,
  refuseLockedAddress,
  reportOutcome,
  secondFactorKey,
} from '../attempts/index.js';
import { recordAudit } from '../audit.js';
import { afterSecondFactor, type LoginResult, STAGE_OF } from '../auth.js';
import type { Actor, ServiceContext } from '../context.js';
import { createSession } from '../sessions.js';
import { getSettings } from '../settings.js';
import {
  type PasskeyAssertion,
  PasskeyRefusedError,
  passkeyAuthenticationOptions,
  verifyPasskeyAssertion,
} from './assert.js';
import { passkeyMethods } from './sign-in.js';

/**
 * Options for a sign-in without a password ("Sign in with a passkey", or autofill in the username
 * field): no username is known, so the authenticator offers its discoverable credentials. The
 * challenge is bound to `binding`, the hash of a token only this browser holds (a cookie).
 * Throws PASSKEY_SIGN_IN_OFF when the administrator has turned it off.
 */
export async function passwordlessOptions(
  ctx: ServiceContext,
  input: { binding: string },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await requirePasskeySignIn(ctx);
  return passkeyAuthenticationOptions(ctx, ctx.relyingParty, {
    purpose: 'passwordless',
    binding: input.binding,
    userId: null,
  });
}

/**
 * A sign-in with a passkey alone. A passkey that verified the person (PIN, biometrics) is two
 * factors: the session is full, `amr` `pop` + `user`. One that did not (a security key without PIN)
 * is one factor: the session waits for a code from the authenticator app, as after a password; a
 * person without an authenticator app is told to sign in with the password and then the key.
 * Guarded like a code: the address limit, and the passkey counter of the account the key belongs to.
 * Throws PASSKEY_SIGN_IN_OFF, PASSKEY_REFUSED, PASSKEY_NEEDS_PASSWORD, ACCOUNT_LOCKED, TOO_MANY_REQUESTS.
 */
export function loginWithoutPassword(
  ctx: ServiceContext,
  input: { binding: string | undefined; response: unknown; ip: string },
): Promise<LoginResult> {
  return reportOutcome(ctx, 'passkey', () => passwordlessStep(ctx, input));
}

async function passwordlessStep(
  ctx: ServiceContext,
  input: { binding: string | undefined; response: unknown; ip: string },
): Promise<LoginResult> {
  const { lockout } = await requirePasskeySignIn(ctx);
  await refuseLockedAddress(ctx, input.ip);
  const owner = await credentialOwner(ctx, input.response);
  const actor: Actor = { username: owner?.username ?? null, ip: input.ip };
  const keys: GuardedKey[] = [addressKey(ctx, input.ip)];
  if (owner) keys.push(secondFactorKey(attemptKeys.passkey(owner.id), lockout));
  const outcome = await guardAttempt(ctx, keys, async (): Promise<PasskeyAssertion | undefined> => {
    if (input.binding === undefined) return undefined;
    try {
      return await verifyPasskeyAssertion(ctx, ctx.relyingParty, {
        purpose: 'passwordless',
        binding: input.binding,
        response: input.response,
        userId: owner?.id ?? null,
        actor,
      });
    } catch (error) {
      if (error instanceof PasskeyRefusedError) return undefined;
      throw error;
    }
  });
  if (!outcome.ok) {
    return refuseFailedAttempt(
      ctx,
      outcome,
      { event: 'login.passkey_failed', actor, target: owner?.username, details: { passwordless: true } },
      new AppError('PASSKEY_REFUSED'),
    );
  }
  const assertion = outcome.value;
  const user = await ctx.db
    .selectFrom('users')
    .leftJoin('totp_credentials', (join) =>
      join.onRef('totp_credentials.user_id', '=', 'users.id').on('totp_credentials.state', '=', 'active'),
    )
    .select([
      'users.role',
      'users.disabled_at',
      'users.must_change_password',
      'totp_credentials.id as credential_id',
    ])
    .where('users.id', '=', assertion.userId)
    .executeTakeFirstOrThrow();
  if (user.disabled_at !== null) {
    // As with a password: only the account's own passkey learns that the account is disabled.
    await recordAudit(ctx, { event: 'login.refused_disabled', actor, target: assertion.username });
    throw new AppError('ACCOUNT_DISABLED');
  }
  const details = { method: 'passkey', passwordless: true, passkey: assertion.name };
  if (assertion.userVerified) {
    // Two factors, but a one-time password an administrator set is still replaced before anything
    // else: signing in without it must not leave it standing.
    const status = afterSecondFactor(user);
    const session = await createSession(ctx, {
      userId: assertion.userId,
      stage: STAGE_OF[status],
      ip: input.ip,
      auth: { time: ctx.now(), amr: passkeyMethods(true) },
    });
    await recordAudit(ctx, {
      event: 'login.succeeded',
      actor,
      target: assertion.username,
      details: { ...details, userVerified: true },
    });
    ctx.events.emit('login.succeeded', 'passkey');
    return { status, ...session, username: assertion.username, role: user.role };
  }
  // One factor so far: like a password, it needs a code from the authenticator app.
  await recordAudit(ctx, {
    event: 'passkey.used',
    actor,
    target: assertion.username,
    details: { ...details, userVerified: false },
  });
  if (user.credential_id === null) throw new AppError('PASSKEY_NEEDS_PASSWORD');
  const session = await createSession(ctx, {
    userId: assertion.userId,
    stage: 'second_factor',
    ip: input.ip,
    auth: { time: null, amr: passkeyMethods(false) },
  });
  return { status: 'second_factor_required', ...session, username: assertion.username, role: user.role };
}

async function requirePasskeySignIn(ctx: ServiceContext) {
  const settings = await getSettings(ctx);
  if (!settings.passkeySignIn) throw new AppError('PASSKEY_SIGN_IN_OFF');
  return settings;
}

/** Whose account the credential in a browser's answer belongs to (before anything is verified). */
async function credentialOwner(
  ctx: ServiceContext,
  response: unknown,
): Promise<{ id: number; username: string } | undefined> {
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id.length > 1024) return undefined;
  return ctx.db
    .selectFrom('passkeys')
    .innerJoin('users', 'users.id', 'passkeys.user_id')
    .select(['users.id', 'users.username'])
    .where('passkeys.credential_id', '=', id)
    .executeTakeFirst();
}
