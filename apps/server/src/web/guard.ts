import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../errors.js';
import { loadSession } from '../http/session-cookie.js';
import { needsPasskey } from '../services/passkeys/admin-policy.js';
import type { Session } from '../services/sessions.js';

/**
 * What a page needs: a full session, one that may still be registering (forced enrollment), an admin,
 * or — the password page — one that may still have to replace a one-time password.
 */
export type PageAccess = 'signed-in' | 'enrolling' | 'admin' | 'password';

/** Where to send a session that may not see a page; undefined when it may. */
export function redirectFor(session: Session | null, access: PageAccess): string | undefined {
  if (!session) return '/sign-in';
  if (session.stage === 'second_factor') return '/sign-in/code';
  // Signed in with a one-time password: nothing but choosing one's own until it is done.
  if (session.stage === 'password_change') return access === 'password' ? undefined : '/account/password';
  // Policy "required": nothing but the registration until it is done.
  if (session.stage === 'enrollment' && access !== 'enrolling') return '/account/two-factor/enroll';
  return undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may see a guarded page (set by `guarded`). */
    pageAccess?: PageAccess;
  }
}

/** Route options of a page only `access` may see: its guard, and a mark the form check reads. */
export function guarded(access: PageAccess) {
  return { preHandler: pageGuard(access), config: { pageAccess: access } };
}

/**
 * Whether a request goes to a guarded page its session may not see: the guard will only redirect it
 * (to sign in, with the signed-out notice), so its form needs no checking — the token of a form from a
 * session that has since ended would not verify, and the person would see "form expired" instead.
 */
export async function onlyRedirected(request: FastifyRequest): Promise<boolean> {
  const access = request.routeOptions.config.pageAccess;
  return access !== undefined && redirectFor(await loadSession(request), access) !== undefined;
}

/** Page guard: redirects to the right step instead of answering 401; FORBIDDEN for non-admins. */
export function pageGuard(access: PageAccess): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await loadSession(request);
    const target = redirectFor(session, access);
    if (target === '/sign-in' && actingInThisSite(request)) {
      // Signed out in another tab (or the session ended) while this page was open: say so.
      return reply.redirect('/sign-in?notice=session-ended', 303);
    }
    if (target) return reply.redirect(target, 303);
    if (access === 'admin' && session?.role !== 'admin') throw new AppError('FORBIDDEN');
    // An administrator who must have a passkey adds one before anything else (like enrollment).
    if (
      session &&
      !ADDING_PASSKEY.test(request.routeOptions.url ?? '') &&
      (await needsPasskey(request.server.kakunin, session))
    )
      return reply.redirect('/account/passkeys', 303);
  };
}

/** The pages an administrator required to add a passkey may still see: adding one, and the proof step. */
const ADDING_PASSKEY = /^\/account\/(passkeys|confirm)(\/|$)/;

/**
 * Whether the request comes from a page of this site (a form sent from it, or a link followed on it)
 * rather than a typed address or a bookmark: only then was the person signed in a moment ago.
 */
function actingInThisSite(request: FastifyRequest): boolean {
  return request.method === 'POST' || request.headers['sec-fetch-site'] === 'same-origin';
}

/** The checked session of a guarded page. */
export function pageSession(request: FastifyRequest): Session {
  const session = request.kakuninSession;
  if (!session) throw new AppError('UNAUTHENTICATED');
  return session;
}
