import type { FastifyReply, FastifyRequest } from 'fastify';
import { validTimeZone } from '../config.js';
import { cookieSecure, csrfBinding, loadSession } from '../http/session-cookie.js';
import { LOCALE_COOKIE, resolveLocale, translator } from '../i18n/index.js';
import type { PageContext } from './context.js';

/**
 * Builds what every page needs: language (cookie, else Accept-Language), a CSRF token for its forms,
 * who is signed in, and the GET address of the page for the language switch.
 */
export async function pageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  path?: string,
): Promise<PageContext> {
  const session = await loadSession(request);
  const locale = resolveLocale(request.cookies[LOCALE_COOKIE], request.headers['accept-language']);
  return {
    locale,
    t: translator(locale),
    csrfToken: reply.generateCsrf({ secure: cookieSecure(request), userInfo: await csrfBinding(request) }),
    viewer:
      session && session.stage !== 'second_factor'
        ? { username: session.username, role: session.role }
        : undefined,
    path: path ?? (request.method === 'GET' ? request.url : '/'),
    timeZone: pageTimeZone(request),
    mailEnabled: request.server.kakunin.mailer !== undefined,
  };
}

/** The cookie the pages' script sets to the browser's time zone. */
export const TIME_ZONE_COOKIE = 'tz';

/** The browser's time zone when its script has reported one, else the service's (KAKUNIN_TIME_ZONE). */
export function pageTimeZone(request: FastifyRequest): string {
  const reported = request.cookies[TIME_ZONE_COOKIE];
  return (reported && validTimeZone(reported)) || request.server.config.timeZone;
}
