import type { FastifyReply, FastifyRequest } from 'fastify';
import { forgetReturnTarget, keepReturnTarget, keptReturnTarget } from '../http/return-to.js';
import { cookieSecure } from '../http/session-cookie.js';

/**
 * Where to go once the person is signed in, when the sign-in was started by an app (an OpenID Connect
 * interaction). Kept as the sign-in's return target (http/return-to.ts, the one place for it), so the
 * sign-in steps go straight back; only interaction paths of this service are taken here.
 */
const INTERACTION_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,128}$/;

/** The origin of the app's (already checked) redirect URI, where the sign-in's redirects end. */
const APP_ORIGIN_COOKIE = 'kakunin_app_origin';
const ORIGIN = /^https?:\/\/[A-Za-z0-9.:[\]-]+$/;

/** Remembers the interaction to come back to after sign-in, step-up or enrollment. */
export function setContinue(reply: FastifyReply, path: string, appOrigin?: string): void {
  if (!INTERACTION_PATH.test(path)) throw new RangeError('only an interaction path can be continued');
  keepReturnTarget(reply, path);
  if (appOrigin && ORIGIN.test(appOrigin)) {
    reply.setCookie(APP_ORIGIN_COOKIE, appOrigin, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure(reply.request),
      signed: true,
      maxAge: 10 * 60,
    });
  }
}

/**
 * CSP `form-action` also governs where a form's answer may redirect (Chromium enforces it): while an
 * app's sign-in is under way, the forms of the sign-in pages may end at that app's origin, and only there.
 */
export function allowContinueInFormAction(
  request: FastifyRequest,
  reply: FastifyReply,
  origin?: string,
): void {
  const csp = reply.getHeader('content-security-policy');
  let target = origin;
  if (target === undefined) {
    const raw = request.cookies[APP_ORIGIN_COOKIE];
    const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
    target = unsigned?.valid && unsigned.value ? unsigned.value : undefined;
  }
  if (typeof csp !== 'string' || !target || !ORIGIN.test(target)) return;
  reply.header('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${target}`));
}

/** Forgets the interaction (it finished, or the person went elsewhere). */
export function clearContinue(reply: FastifyReply): void {
  const kept = keptReturnTarget(reply.request);
  if (kept !== undefined && INTERACTION_PATH.test(kept)) forgetReturnTarget(reply.request, reply);
}

/** The interaction waiting for this sign-in, taken once; undefined when there is none. */
export function takeContinue(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const kept = keptReturnTarget(request);
  if (kept === undefined || !INTERACTION_PATH.test(kept)) return undefined;
  forgetReturnTarget(request, reply);
  return kept;
}
