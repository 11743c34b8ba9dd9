import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { reportFault, toAppError } from '../http/error-handler.js';
import { allowReturnInFormAction } from '../http/return-to.js';
import { checkedCSRFBinding } from '../http/session-cookie.js';
import { LOCALE_COOKIE, resolveLocale, translator } from '../i18n/index.js';
import { registerAppsConsole } from '../oidc/admin-apps-console.js';
import { registerInteractions } from '../oidc/interaction-routes.js';
import { registerAssets } from './assets.js';
import type { PageContext } from './context.js';
import { allowContinueInFormAction } from './continue.js';
import { errorText } from './error-text.js';
import { onlyRedirected } from './guard.js';
import { pageContext, pageTimeZone } from './page-context.js';
import { ErrorPage } from './pages/error.js';
import { sendPage } from './render.js';
import { registerAccount } from './routes/account.js';
import { registerAdmin } from './routes/admin.js';
import { registerAudit } from './routes/admin-audit.js';
import { registerUserPasskeys } from './routes/admin-passkeys.js';
import { registerProtectedHosts } from './routes/admin-protected-hosts.js';
import { registerTokens } from './routes/admin-tokens.js';
import { registerAdminUsers } from './routes/admin-users.js';
import { registerLanguageSwitch } from './routes/language.js';
import { registerMyAccount } from './routes/my-account.js';
import { registerPasskeyPages } from './routes/passkeys.js';
import { registerPasswordReset } from './routes/password-reset.js';
import { registerSignIn } from './routes/sign-in.js';
import { registerSubmissionTokens, replayAfterNewSession } from './submission.js';

/**
 * The server-rendered pages: plain HTML forms that work without JavaScript, in Japanese and English.
 * Every POST must carry the CSRF token of its form (`_csrf`); errors become pages, never JSON.
 */
export const webRoutes: FastifyPluginAsync = async (app) => {
  const ownOrigin = app.config.publicURL.origin;
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST') return done();
    // Before the token: a browser that says the form came from another site is refused outright.
    if (!passesPageOriginCheck(request, ownOrigin)) return done(new AppError('CSRF'));
    // (The CSRF check answers a bad token itself and calls `done` only when the token is good.)
    checkForm(request, reply).then(
      (answered) => (answered ? done() : app.csrfProtection(request, reply, done)),
      done,
    );
  });
  /**
   * Whether the form needs no CSRF check: its page only redirects, or it was answered already.
   * Otherwise looks up what its token must be bound to.
   */
  const checkForm = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if ((await onlyRedirected(request)) || (await replayAfterNewSession(app, request, reply))) return true;
    await checkedCSRFBinding(request);
    return false;
  };
  registerSubmissionTokens(app);
  app.decorateRequest('kakuninReturnTarget', undefined);
  // The sign-in steps' forms end in a redirect back to the app the person came from.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/sign-in')) allowReturnInFormAction(request, reply);
    if (request.url.startsWith('/sign-in') || request.url.startsWith('/account')) {
      allowContinueInFormAction(request, reply);
    }
  });
  app.setErrorHandler(pageErrorHandler);
  registerAssets(app);
  registerLanguageSwitch(app);
  registerSignIn(app);
  registerAccount(app);
  registerPasskeyPages(app);
  registerUserPasskeys(app);
  registerMyAccount(app);
  registerAdmin(app);
  registerAdminUsers(app);
  registerProtectedHosts(app);
  registerAudit(app);
  registerTokens(app);
  registerPasswordReset(app);
  registerInteractions(app);
  registerAppsConsole(app);
  // Any other address a browser asks for gets a page too; the JSON API keeps its JSON 404.
  app.get('/*', async (request, reply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) return reply.callNotFound();
    throw new AppError('NOT_FOUND');
  });
};

async function pageErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  reportFault(request, error, appError);
  // When the database itself failed, the session cannot be looked up: show the page without it
  // (and without waiting for the database again).
  const page =
    appError.code === 'UNAVAILABLE'
      ? anonymousContext(request)
      : await pageContext(request, reply, '/').catch(() => anonymousContext(request));
  const retry = appError.details?.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return sendPage(reply, ErrorPage({ ctx: page, message: errorText(page.t, appError) }), appError.status);
}

function anonymousContext(request: FastifyRequest): PageContext {
  const locale = resolveLocale(request.cookies[LOCALE_COOKIE], request.headers['accept-language']);
  return {
    locale,
    t: translator(locale),
    csrfToken: '',
    viewer: undefined,
    path: '/',
    timeZone: pageTimeZone(request),
  };
}

/**
 * The Origin/Sec-Fetch-Site check of page forms, as the JSON API does: refused when the browser
 * marks the request cross-site or same-site (a sibling host is another site to us), or sends an
 * Origin other than this service's. `Origin: null` passes: our own `Referrer-Policy: no-referrer`
 * makes browsers send it on our own form posts (Fetch: serializing a request origin); such requests,
 * like those of clients that send neither header, still need the session-bound CSRF token.
 */
export function passesPageOriginCheck(request: FastifyRequest, ownOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  return origin === undefined || origin === 'null' || origin === ownOrigin;
}
