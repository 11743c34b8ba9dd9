import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieSecure } from '../http/session-cookie.js';

/**
 * Where to go once the person is signed in, when the sign-in was started by an app (an OpenID Connect
 * interaction). Only interaction paths of this service are ever accepted: never an open redirect.
 */
const CONTINUE_COOKIE = 'kakunin_continue';
const INTERACTION_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,128}$/;
const LIFETIME_SECONDS = 10 * 60;

/** Remembers the interaction to come back to after sign-in, step-up or enrollment. */
export function setContinue(reply: FastifyReply, path: string): void {
  if (!INTERACTION_PATH.test(path)) throw new RangeError('only an interaction path can be continued');
  reply.setCookie(CONTINUE_COOKIE, path, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
    signed: true,
    maxAge: LIFETIME_SECONDS,
  });
}

/** Forgets the interaction (it finished, or the person went elsewhere). */
export function clearContinue(reply: FastifyReply): void {
  if (reply.request.cookies[CONTINUE_COOKIE] === undefined) return;
  reply.clearCookie(CONTINUE_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
  });
}

/** The interaction waiting for this sign-in, taken once; undefined when there is none. */
export function takeContinue(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[CONTINUE_COOKIE];
  if (raw === undefined) return undefined;
  clearContinue(reply);
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value && INTERACTION_PATH.test(unsigned.value)
    ? unsigned.value
    : undefined;
}
