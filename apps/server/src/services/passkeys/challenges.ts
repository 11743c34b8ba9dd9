import { randomBytes } from 'node:crypto';
import type { ChallengePurpose } from '../../db/schema.js';
import type { ServiceContext } from '../context.js';

/** How long a browser has to answer a WebAuthn challenge. */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/**
 * Hands out a new challenge bound to what asked for it (a session id hash, or the hash of a
 * pre-sign-in token) and for one purpose. Stored, so any instance can finish the ceremony.
 */
export async function issueChallenge(
  ctx: ServiceContext,
  input: { purpose: ChallengePurpose; binding: string; userId: number | null },
): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  const now = ctx.now();
  // Expired challenges go as new ones come: the table holds only live ceremonies.
  await ctx.db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
  await ctx.db
    .insertInto('webauthn_challenges')
    .values({
      challenge,
      purpose: input.purpose,
      binding: input.binding,
      user_id: input.userId,
      expires_at: now + CHALLENGE_LIFETIME_MS,
    })
    .execute();
  return challenge;
}

/**
 * Uses up a challenge: one atomic DELETE, so of two requests carrying the same challenge (a replay,
 * or a double submit on two instances) exactly one gets it. Undefined when the challenge is unknown,
 * expired, used, or was handed out for another purpose or to another session.
 */
export async function consumeChallenge(
  ctx: ServiceContext,
  input: { challenge: string; purpose: ChallengePurpose; binding: string },
): Promise<{ userId: number | null } | undefined> {
  const row = await ctx.db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', input.challenge)
    .where('purpose', '=', input.purpose)
    .where('binding', '=', input.binding)
    .where('expires_at', '>', ctx.now())
    .returning('user_id')
    .executeTakeFirst();
  return row ? { userId: row.user_id } : undefined;
}

/** The challenge a browser's response says it answered (from clientDataJSON); undefined if unreadable. */
export function answeredChallenge(response: unknown): string | undefined {
  const clientData = (response as { response?: { clientDataJSON?: unknown } } | null)?.response
    ?.clientDataJSON;
  if (typeof clientData !== 'string' || clientData.length > 4096) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientData, 'base64url').toString('utf8'));
    const challenge = (parsed as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(challenge) ? challenge : undefined;
  } catch {
    return undefined;
  }
}
