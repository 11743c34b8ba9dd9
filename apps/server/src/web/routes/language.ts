import type {} from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { cookieSecure } from '../../http/session-cookie.js';
import { LOCALE_COOKIE, toLocale } from '../../i18n/index.js';

/**
 * Only a path on this site may be the target after switching language (no open redirect): printable
 * ASCII only (a tab or newline is dropped by browsers, so `/\t/host` would become `//host`; a newline
 * or a non-ASCII character cannot go in a Location header), not protocol-relative, and parsed to make
 * sure it stays on this origin. Anything else goes to `/`.
 */
export function safeLocalPath(next: unknown): string {
  if (typeof next !== 'string' || !/^\/[\x21-\x7e]*$/.test(next) || next.length > 2048) return '/';
  if (next.startsWith('//') || next.includes('\\')) return '/';
  const base = 'http://kakunin.invalid';
  const url = new URL(next, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
}

/** `GET /lang/:locale?next=/path` remembers the language in a cookie and goes back. */
export function registerLanguageSwitch(app: FastifyInstance): void {
  app.get<{ Params: { locale: string }; Querystring: { next?: string } }>(
    '/lang/:locale',
    async (request, reply) => {
      const locale = toLocale(request.params.locale);
      if (locale) {
        reply.setCookie(LOCALE_COOKIE, locale, {
          path: '/',
          sameSite: 'lax',
          httpOnly: true,
          secure: cookieSecure(request),
          maxAge: 365 * 24 * 3600,
        });
      }
      return reply.redirect(safeLocalPath(request.query.next), 303);
    },
  );
}
