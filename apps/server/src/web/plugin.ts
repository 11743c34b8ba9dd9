import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { toAppError } from '../http/error-handler.js';
import { registerAssets } from './assets.js';
import { errorText } from './error-text.js';
import { pageContext } from './page-context.js';
import { ErrorPage } from './pages/error.js';
import { sendPage } from './render.js';
import { registerAccount } from './routes/account.js';
import { registerAdmin } from './routes/admin.js';
import { registerLanguageSwitch } from './routes/language.js';
import { registerSignIn } from './routes/sign-in.js';

/**
 * The server-rendered pages: plain HTML forms that work without JavaScript, in Japanese and English.
 * Every POST must carry the CSRF token of its form (`_csrf`); errors become pages, never JSON.
 */
export const webRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done);
    else done();
  });
  app.setErrorHandler(pageErrorHandler);
  registerAssets(app);
  registerLanguageSwitch(app, app.config.secureCookies);
  registerSignIn(app);
  registerAccount(app);
  registerAdmin(app);
};

async function pageErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'page failed');
  const page = await pageContext(request, reply, '/');
  return sendPage(reply, ErrorPage({ ctx: page, message: errorText(page.t, appError) }), appError.status);
}
