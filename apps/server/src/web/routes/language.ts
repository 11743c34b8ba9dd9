import type {} from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { cookieSecure } from '../../http/session-cookie.js';
import { LOCALE_COOKIE, toLocale } from '../../i18n/index.js';

/** Only a path on this site may be the target after switching language (no open redirect). */
export function safeLocalPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return '/';
  return next;
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
