import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { isLoopback } from '../config.js';
import { hashToken } from '../crypto/tokens.js';
import { AppError } from '../errors.js';
import type { Actor } from '../services/context.js';
import { needsPasskey } from '../services/passkeys/admin-policy.js';
import { findSession, type Session } from '../services/sessions.js';
import { cookieValue } from './cookie-value.js';

export const SESSION_COOKIE = 'kakunin_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session, once loadSession (or a guard) has looked it up; null when there is none. */
    kakuninSession: Session | null | undefined;
    /** What this request's form token must be bound to, once checkedCSRFBinding has looked it up. */
    kakuninCSRFBinding: string | undefined;
  }
}

/** The session token from the cookie, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  return plausibleToken(request.cookies[SESSION_COOKIE]);
}

/** The session token from a Cookie header, for the routes without the cookie plugin (proxies' checks). */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  return plausibleToken(cookieValue(cookieHeader, SESSION_COOKIE));
}

function plausibleToken(token: string | undefined): string | undefined {
  return token && token.length <= 128 ? token : undefined;
}

/** The request's live session (looked up once per request), or null. */
export async function loadSession(request: FastifyRequest): Promise<Session | null> {
  if (request.kakuninSession === undefined) {
    request.kakuninSession = (await findSession(request.server.kakunin, sessionToken(request))) ?? null;
  }
  return request.kakuninSession;
}

/**
 * Whether cookies set on this request get `Secure`: always, except when the service is configured as
 * plain http on localhost AND the request really came to a loopback host. A service started without
 * PUBLIC_URL but reached under another name keeps Secure (the browser then refuses the cookie rather
 * than sending it in clear).
 */
export function cookieSecure(request: FastifyRequest): boolean {
  const { secureCookies, publicURL } = request.server.config;
  if (secureCookies) return true;
  return !isLoopback(request.hostname) && request.hostname !== publicURL.hostname;
}

// The session token a response has just set (or '' when it ended the session): pages rendered in the
// same response bind their CSRF tokens to the session the browser will have from now on.
const replacedTokens = new WeakMap<FastifyRequest, string>();

/**
 * What page CSRF tokens are bound to: the session's CSRF key, or `anonymous`. The key is new at each
 * sign-in step and kept when re-authentication renews the token: a form open in another tab of the
 * same sign-in stays good, while one taken from another session — or planted with a cookie from a
 * sibling host, or from before signing in — does not verify. A cookie of an ended session binds to
 * that token's hash, which no live session has.
 */
export async function csrfBinding(request: FastifyRequest): Promise<string> {
  const replaced = replacedTokens.get(request);
  const token = replaced ?? sessionToken(request);
  if (!token) return 'anonymous';
  const session =
    replaced === undefined ? await loadSession(request) : await findSession(request.server.kakunin, replaced);
  return session?.csrfKey ?? hashToken(token);
}

/** Looks up what the request's form token must be bound to, for the CSRF check that follows. */
export async function checkedCSRFBinding(request: FastifyRequest): Promise<void> {
  request.kakuninCSRFBinding = await csrfBinding(request);
}

/** The CSRF check's view of csrfBinding (it cannot wait): the value checkedCSRFBinding looked up. */
export function csrfUserInfo(request: FastifyRequest): string {
  const binding = request.kakuninCSRFBinding;
  if (binding === undefined) throw new TypeError('checkedCSRFBinding must run before the CSRF check');
  return binding;
}

/** The session token this response gives the browser instead of its own ('' when it ends it), if any. */
export function replacedSessionToken(request: FastifyRequest): string | undefined {
  return replacedTokens.get(request);
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure unless plain-http localhost. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: number }): void {
  replacedTokens.set(reply.request, session.token);
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
    expires: new Date(session.expiresAt),
    ...cookieDomain(reply.request),
  });
}

/**
 * For a sensitive change: when its proof renews the session, the browser gets the new token and the
 * rest of the request works with the renewed session.
 */
export function renewSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
): (renewed: { token: string; expiresAt: number; session: Session }) => void {
  return (renewed) => {
    setSessionCookie(reply, renewed);
    request.kakuninSession = renewed.session;
  };
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply): void {
  replacedTokens.set(reply.request, '');
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
    ...cookieDomain(reply.request),
  });
}

// KAKUNIN_COOKIE_DOMAIN: the session cookie reaches the protected apps' hosts, where the proxy
// passes it to the forward-auth check. Only when the request came under that domain: a cookie for
// another domain would be dropped by the browser.
function cookieDomain(request: FastifyRequest): { domain?: string } {
  const domain = request.server.config.cookieDomain;
  if (domain === undefined) return {};
  const host = request.hostname.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`) ? { domain } : {};
}

/** Who is acting, for the audit log. */
export function actorOf(request: FastifyRequest): Actor {
  const actor: Actor = { username: request.kakuninSession?.username ?? null, ip: request.ip };
  const token = request.apiToken;
  return token ? { ...actor, token: { id: token.id, name: token.name } } : actor;
}

/**
 * Guard: a fully signed-in session (UNAUTHENTICATED otherwise). A session that must first register
 * an authenticator gets ENROLLMENT_REQUIRED, unless `allowEnrollment` (the registration routes); one
 * signed in with a one-time password gets PASSWORD_CHANGE_REQUIRED, unless `allowPasswordChange`.
 */
export function requireSession(
  options: { allowEnrollment?: boolean; allowPasswordChange?: boolean; admin?: boolean } = {},
): preHandlerAsyncHookHandler {
  return async (request) => {
    const session = await loadSession(request);
    if (!session || session.stage === 'second_factor') throw new AppError('UNAUTHENTICATED');
    if (session.stage === 'password_change' && !options.allowPasswordChange)
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (session.stage === 'enrollment' && !options.allowEnrollment) throw new AppError('ENROLLMENT_REQUIRED');
    if (options.admin && session.role !== 'admin') throw new AppError('FORBIDDEN');
    if (options.admin && (await needsPasskey(request.server.kakunin, session)))
      throw new AppError('PASSKEY_REQUIRED');
  };
}

/** The session a guard has checked (throws if used without one). */
export function signedIn(request: FastifyRequest): Session {
  const session = request.kakuninSession;
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}
