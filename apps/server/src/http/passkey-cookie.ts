import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { AppError } from '../errors.js';
import { loginWithoutPassword, passwordlessOptions } from '../services/passkeys/index.js';
import { loginWithPasskey, secondFactorPasskeyOptions } from '../services/passkeys/sign-in.js';
import { endSession, findSession } from '../services/sessions.js';
import { cookieSecure, sessionToken } from './session-cookie.js';

/**
 * The cookie a sign-in without a password is bound to: before anyone is signed in there is no session,
 * so the challenge is bound to a random token only this browser holds (its hash is stored).
 */
export const PASSKEY_COOKIE = 'kakunin_passkey';

/** Long enough for the browser's dialog, as long as a challenge lives. */
const PASSKEY_COOKIE_SECONDS = 5 * 60;

/** The binding of this browser's passwordless challenges: its cookie's hash (a new cookie if none). */
function passkeyBinding(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[PASSKEY_COOKIE];
  const token = existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing) ? existing : randomToken();
  reply.setCookie(PASSKEY_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(request),
    maxAge: PASSKEY_COOKIE_SECONDS,
  });
  return hashToken(token);
}

/** Whether the browser is between the password and the second factor. */
async function awaitingSecondFactor(request: FastifyRequest): Promise<boolean> {
  const session = await findSession(request.server.kakunin, sessionToken(request));
  return session?.stage === 'second_factor';
}

/**
 * Options for `navigator.credentials.get` at sign-in: for the second factor when a password was just
 * accepted (bound to that pending sign-in), otherwise for a sign-in without a password.
 */
export async function signInPasskeyOptions(request: FastifyRequest, reply: FastifyReply) {
  const ctx = request.server.kakunin;
  if (await awaitingSecondFactor(request)) {
    return secondFactorPasskeyOptions(ctx, ctx.relyingParty, { token: sessionToken(request) });
  }
  return passwordlessOptions(ctx, { binding: passkeyBinding(request, reply) });
}

/**
 * A passkey's answer at sign-in: the second factor of a pending sign-in, or a sign-in without a
 * password (which replaces whatever session the browser had: no session fixation).
 */
export async function signInWithPasskeyAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  response: unknown,
) {
  const ctx = request.server.kakunin;
  if (await awaitingSecondFactor(request)) {
    return loginWithPasskey(ctx, ctx.relyingParty, {
      token: sessionToken(request),
      response,
      ip: request.ip,
    });
  }
  const cookie = request.cookies[PASSKEY_COOKIE];
  const result = await loginWithoutPassword(ctx, {
    binding: cookie ? hashToken(cookie) : undefined,
    response,
    ip: request.ip,
  });
  await endSession(ctx, sessionToken(request));
  reply.clearCookie(PASSKEY_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(request),
  });
  return result;
}

/** A passkey answer sent in a form field as JSON text. Throws PASSKEY_REFUSED when it is not JSON. */
export function formPasskeyAnswer(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0 || value.length > 16_384)
    throw new AppError('PASSKEY_REFUSED');
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('PASSKEY_REFUSED');
  }
}
