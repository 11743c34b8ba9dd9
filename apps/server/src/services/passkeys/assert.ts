import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { ChallengePurpose } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { answeredChallenge, consumeChallenge, issueChallenge } from './challenges.js';
import { parseTransports } from './register.js';
import type { RelyingParty } from './relying-party.js';

/** A passkey that just signed a challenge: whose, which, and whether the person was verified on it. */
export interface PasskeyAssertion {
  userId: number;
  username: string;
  passkeyId: number;
  name: string;
  /** The authenticator verified the person (PIN, biometrics): the passkey alone is two factors. */
  userVerified: boolean;
}

/**
 * What `navigator.credentials.get` needs: a challenge bound to `binding` for one purpose, and the
 * user's passkeys when the user is known (none for a sign-in without a username, where the
 * authenticator offers its discoverable credentials).
 */
export async function passkeyAuthenticationOptions(
  ctx: ServiceContext,
  rp: RelyingParty,
  input: { purpose: ChallengePurpose; binding: string; userId: number | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys =
    input.userId === null
      ? []
      : await ctx.db
          .selectFrom('passkeys')
          .select(['credential_id', 'transports'])
          .where('user_id', '=', input.userId)
          .execute();
  const challenge = await issueChallenge(ctx, input);
  return generateAuthenticationOptions({
    rpID: rp.id,
    challenge: new Uint8Array(Buffer.from(challenge, 'base64url')),
    allowCredentials: passkeys.map((row) => ({
      id: row.credential_id,
      transports: parseTransports(row.transports),
    })),
    userVerification: 'preferred',
  });
}

/**
 * Checks a browser's assertion: the challenge was handed out for this purpose and binding and is
 * used up now (a replay finds it gone); the credential exists (a removed one does not) and belongs
 * to `userId` when one is expected; the signature, origin and RP ID are right; the signature counter
 * moved forward (a counter going back means a cloned authenticator: refused and audited).
 * Failures are audited and counted by the caller. Throws PASSKEY_REFUSED.
 */
export async function verifyPasskeyAssertion(
  ctx: ServiceContext,
  rp: RelyingParty,
  input: {
    purpose: ChallengePurpose;
    binding: string;
    response: unknown;
    userId: number | null;
    actor: Actor;
  },
): Promise<PasskeyAssertion> {
  const response = input.response as AuthenticationResponseJSON | null;
  const challenge = answeredChallenge(response);
  const issued =
    challenge && (await consumeChallenge(ctx, { challenge, purpose: input.purpose, binding: input.binding }));
  if (!challenge || !issued) throw await refusal(ctx, input, null, 'unknown, used or expired challenge');
  const credentialId = typeof response?.id === 'string' && response.id.length <= 1024 ? response.id : '';
  const passkey = await ctx.db
    .selectFrom('passkeys')
    .innerJoin('users', 'users.id', 'passkeys.user_id')
    .select([
      'passkeys.id',
      'passkeys.user_id',
      'passkeys.credential_id',
      'passkeys.public_key',
      'passkeys.counter',
    ])
    .select(['passkeys.transports', 'passkeys.name', 'users.username'])
    .where('passkeys.credential_id', '=', credentialId)
    .executeTakeFirst();
  if (!passkey) throw await refusal(ctx, input, null, 'unknown or removed credential');
  const owner = { userId: passkey.user_id, username: passkey.username };
  const expected = input.userId ?? issued.userId;
  if (expected !== null && passkey.user_id !== expected)
    throw await refusal(ctx, input, owner, "another user's credential");
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(passkey.public_key),
        counter: Number(passkey.counter),
        transports: parseTransports(passkey.transports),
      },
      requireUserVerification: false,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/counter/i.test(message)) {
      await recordAudit(ctx, {
        event: 'passkey.clone_suspected',
        actor: input.actor,
        target: passkey.username,
        details: { name: passkey.name },
      });
    }
    throw await refusal(ctx, input, owner, message);
  }
  if (!verification.verified) throw await refusal(ctx, input, owner, 'not verified');
  const { newCounter, userVerified } = verification.authenticationInfo;
  // Only forward: of two assertions with the same counter on two instances, one moves it.
  const moved = await ctx.db
    .updateTable('passkeys')
    .set({ counter: newCounter, last_used_at: ctx.now() })
    .where('id', '=', passkey.id)
    .where((eb) => (newCounter === 0 ? eb('counter', '=', 0) : eb('counter', '<', newCounter)))
    .executeTakeFirst();
  if (moved.numUpdatedRows === 0n) throw await refusal(ctx, input, owner, 'counter already used');
  return {
    userId: passkey.user_id,
    username: passkey.username,
    passkeyId: passkey.id,
    name: passkey.name,
    userVerified,
  };
}

/** PASSKEY_REFUSED, carrying (never to the client) whose passkey failed, for the failure count. */
export class PasskeyRefusedError extends AppError {
  readonly userId: number | null;
  readonly username: string | null;

  constructor(userId: number | null, username: string | null) {
    super('PASSKEY_REFUSED');
    this.userId = userId;
    this.username = username;
  }
}

async function refusal(
  ctx: ServiceContext,
  input: { purpose: ChallengePurpose; actor: Actor },
  owner: { userId: number; username: string } | null,
  reason: string,
): Promise<PasskeyRefusedError> {
  const username = owner?.username ?? null;
  await recordAudit(ctx, {
    event: 'passkey.refused',
    actor: input.actor,
    target: username,
    details: { during: input.purpose, reason },
  });
  return new PasskeyRefusedError(owner?.userId ?? null, username);
}
