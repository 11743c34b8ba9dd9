import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthMethod } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { requireReauthentication, type SensitiveRequest } from '../reauth.js';
import { replaceRecoveryCodes } from '../recovery-codes.js';
import { finishEnrollment } from '../sessions.js';
import { answeredChallenge, consumeChallenge, issueChallenge } from './challenges.js';
import { passkeyName, userHandle } from './names.js';
import type { RelyingParty } from './relying-party.js';

/** Passkeys one person may register: enough for every device, few enough to list on one page. */
export const MAX_PASSKEYS = 20;

/**
 * What the browser's `navigator.credentials.create` needs to register a passkey for the signed-in
 * person. A sensitive change: the one re-authentication rule applies before the browser is asked.
 * Discoverable credentials are preferred (passkeys can then sign in without a username), user
 * verification preferred, attestation `none`; the person's passkeys are excluded so one key is not
 * registered twice. @see W3C WebAuthn Level 3 §5.4
 */
export async function passkeyRegistrationOptions(
  ctx: ServiceContext,
  rp: RelyingParty,
  request: SensitiveRequest,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  // The challenge is bound to the session as it is after the rule (a proof renews its token).
  const session = await requireReauthentication(ctx, request, 'passkey.add');
  const existing = await ctx.db
    .selectFrom('passkeys')
    .select(['credential_id', 'transports'])
    .where('user_id', '=', session.userId)
    .execute();
  if (existing.length >= MAX_PASSKEYS) throw new AppError('TOO_MANY_PASSKEYS');
  const challenge = await issueChallenge(ctx, {
    purpose: 'register',
    binding: session.id,
    userId: session.userId,
  });
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: session.username,
    userDisplayName: session.username,
    userID: userHandle(session.userId),
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({
      id: row.credential_id,
      transports: parseTransports(row.transports),
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/**
 * Verifies the browser's answer and stores the new passkey under the name the person gave it.
 * The challenge must be the one handed to this session for a registration, unused and not expired;
 * the answer must come from PUBLIC_URL's origin for its RP ID. Throws PASSKEY_REFUSED.
 */
export async function addPasskey(
  ctx: ServiceContext,
  rp: RelyingParty,
  request: SensitiveRequest & { response: unknown; name: unknown },
): Promise<{ id: number; name: string; recoveryCodes?: string[] }> {
  // The session that was handed the challenge, before a proof given here renews its token.
  const { session, actor } = request;
  const name = passkeyName(request.name);
  const current = await requireReauthentication(ctx, request, 'passkey.add');
  const challenge = answeredChallenge(request.response);
  const issued =
    challenge && (await consumeChallenge(ctx, { challenge, purpose: 'register', binding: session.id }));
  if (!challenge || !issued || issued.userId !== session.userId) {
    await refused(ctx, actor, session.username, 'unknown, used or expired challenge');
  }
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: request.response as RegistrationResponseJSON,
      expectedChallenge: challenge as string,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch (error) {
    return refused(ctx, actor, session.username, (error as Error).message);
  }
  if (!verification.verified) return refused(ctx, actor, session.username, 'not verified');
  const info = verification.registrationInfo;
  const taken = await ctx.db
    .selectFrom('passkeys')
    .select('id')
    .where('credential_id', '=', info.credential.id)
    .executeTakeFirst();
  if (taken) return refused(ctx, actor, session.username, 'credential already registered');
  // A person made to register a second factor before anything else is fully signed in once it is
  // added: the password at sign-in and now this key.
  const amr: AuthMethod[] = info.userVerified ? ['pwd', 'pop', 'user'] : ['pwd', 'pop'];
  const { id, recoveryCodes, renewed } = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('passkeys')
      .values({
        user_id: session.userId,
        credential_id: info.credential.id,
        public_key: info.credential.publicKey,
        counter: info.credential.counter,
        transports: JSON.stringify(info.credential.transports ?? []),
        name,
        user_verified: info.userVerified ? 1 : 0,
        backed_up: info.credentialBackedUp ? 1 : 0,
        created_at: ctx.now(),
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A person whose first second factor is a passkey gets recovery codes now: a lost key must never
    // lock them out.
    const unused = await trx
      .selectFrom('recovery_codes')
      .select('id')
      .where('user_id', '=', session.userId)
      .where('used_at', 'is', null)
      .limit(1)
      .executeTakeFirst();
    const recoveryCodes = unused
      ? undefined
      : await replaceRecoveryCodes(trx, ctx.recoveryCodeKey, session.userId);
    if (current.stage !== 'enrollment') return { id: row.id, recoveryCodes, renewed: undefined };
    const renewed = await finishEnrollment({ ...ctx, db: trx }, current, amr);
    // The session ended meanwhile (signed out, reset): nothing is registered.
    if (!renewed) throw new AppError('UNAUTHENTICATED');
    return { id: row.id, recoveryCodes, renewed };
  });
  if (renewed) request.onRenewed?.(renewed);
  await recordAudit(ctx, {
    event: 'passkey.added',
    actor,
    target: session.username,
    details: { name, userVerified: info.userVerified, synced: info.credentialBackedUp },
  });
  return recoveryCodes ? { id, name, recoveryCodes } : { id, name };
}

/** The transports stored as JSON, as the type the library wants (unknown values dropped). */
export function parseTransports(
  text: string,
): ('ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb')[] {
  const known = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string' && known.has(item)) : [];
  } catch {
    return [];
  }
}

async function refused(ctx: ServiceContext, actor: Actor, username: string, reason: string): Promise<never> {
  await recordAudit(ctx, {
    event: 'passkey.refused',
    actor,
    target: username,
    details: { during: 'add', reason },
  });
  throw new AppError('PASSKEY_REFUSED');
}
