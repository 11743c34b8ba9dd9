import type { FastifyReply, FastifyRequest } from 'fastify';
import { ruleForHost } from '../authz/host-rules.js';
import type { ServiceContext } from '../services/context.js';
import { cookieSecure } from './session-cookie.js';

/**
 * Where a person goes after signing in. The one place that decides it, for every way in: a protected
 * app behind the proxy (`/sign-in?rd=…`) or a path of this service (an OpenID Connect interaction,
 * kept through web/continue.ts).
 * A target is kept in a signed cookie between the steps of sign-in, and checked again when used.
 */
export const RETURN_COOKIE = 'kakunin_return';
/** The query parameter of the sign-in page (Authelia's name, so proxy guides carry over). */
export const RETURN_PARAM = 'rd';
const RETURN_LIFETIME_S = 15 * 60;

declare module 'fastify' {
  interface FastifyRequest {
    /** A return target kept during this request (the cookie arrives only with the next one). */
    kakuninReturnTarget: string | undefined;
  }
}
const MAX_LENGTH = 4096;

/** The sign-in page address that returns to `target` afterwards. */
export function signInURL(publicURL: URL, target: string): string {
  const url = new URL('/sign-in', publicURL);
  url.searchParams.set(RETURN_PARAM, target);
  return url.href;
}

/**
 * `target` when it is safe to send a browser there after sign-in, else undefined. Safe: a path on this
 * service, or an http(s) address on a host that has a forward-auth rule (never any other site: an open
 * redirect would lend the sign-in page's trust to a phishing page).
 */
export async function safeReturnTarget(
  ctx: ServiceContext,
  publicURL: URL,
  target: unknown,
): Promise<string | undefined> {
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_LENGTH) return undefined;
  // "//evil" and "/\evil" are other hosts to a browser; control characters hide such tricks.
  if ([...target].some((char) => char <= '\u001f' || char === '\u007f')) return undefined;
  if (target.startsWith('/')) {
    if (target.startsWith('//') || target.startsWith('/\\')) return undefined;
    const url = new URL(target, publicURL);
    return url.origin === publicURL.origin ? url.pathname + url.search : undefined;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // A service on https sends no one to plain http, where the session cookie is not sent anyway.
  if (url.protocol === 'http:' && publicURL.protocol === 'https:') return undefined;
  if (url.username || url.password) return undefined;
  if (url.origin === publicURL.origin) return url.href;
  return (await ruleForHost(ctx, url.hostname)) ? url.href : undefined;
}

/** Keeps a safe target for after sign-in; an unsafe one is dropped without a word. */
export async function rememberReturnTarget(request: FastifyRequest, reply: FastifyReply, target: unknown) {
  const safe = await safeReturnTarget(request.server.kakunin, request.server.config.publicURL, target);
  if (safe === undefined) return undefined;
  keepReturnTarget(reply, safe);
  return safe;
}

/** Keeps a target the caller has already checked (a path of this service, e.g. an interaction). */
export function keepReturnTarget(reply: FastifyReply, target: string): void {
  reply.setCookie(RETURN_COOKIE, target, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
    signed: true,
    maxAge: RETURN_LIFETIME_S,
  });
  reply.request.kakuninReturnTarget = target;
}

/** The kept target as stored (not checked again, not cleared); undefined when none or forged. */
export function keptReturnTarget(request: FastifyRequest): string | undefined {
  const raw = request.cookies[RETURN_COOKIE];
  if (raw === undefined) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
}

/** The kept target (checked again: rules may have changed) or `fallback`; the cookie is cleared. */
export async function takeReturnTarget(
  request: FastifyRequest,
  reply: FastifyReply,
  fallback: string,
): Promise<string> {
  if (request.cookies[RETURN_COOKIE] === undefined) return fallback;
  forgetReturnTarget(request, reply);
  const kept = keptReturnTarget(request);
  if (kept === undefined) return fallback;
  const { kakunin, config } = request.server;
  return (await safeReturnTarget(kakunin, config.publicURL, kept)) ?? fallback;
}

/** Clears the kept target. */
export function forgetReturnTarget(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(RETURN_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(request),
  });
}

/**
 * Lets the forms of a page redirect to the kept target's site. CSP `form-action` also governs where a
 * form's answer may redirect (Chromium enforces it), so the sign-in forms could not otherwise send
 * the person back to the app. Only the target's origin is added, and only while one is kept.
 */
export function allowReturnInFormAction(request: FastifyRequest, reply: FastifyReply): void {
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string') return;
  const target = request.kakuninReturnTarget ?? keptReturnTarget(request);
  if (target === undefined || target.startsWith('/')) return;
  let origin: string;
  try {
    origin = new URL(target).origin;
  } catch {
    return;
  }
  if (origin === request.server.config.publicURL.origin) return;
  reply.header('content-security-policy', csp.replace("form-action 'self'", `form-action 'self' ${origin}`));
}
