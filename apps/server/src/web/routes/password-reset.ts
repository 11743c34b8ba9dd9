import type { FastifyInstance } from 'fastify';
import { resetLinkURL } from '../../api/password-reset.js';
import { AppError } from '../../errors.js';
import { currentPasswordMinLength } from '../../services/password-policy.js';
import {
  checkResetLink,
  completePasswordReset,
  requestPasswordReset,
} from '../../services/password-reset.js';
import { errorText, formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { pageContext } from '../page-context.js';
import { ForgotPasswordPage, ResetPasswordPage } from '../pages/password-reset.js';
import { sendPage } from '../render.js';

type ResetRoute = { Querystring: { token?: string } };

/** The forgotten-password pages (only when mail is configured): ask for a link, then use it. */
export function registerPasswordReset(app: FastifyInstance): void {
  const ctx = app.kakunin;
  if (!ctx.mailer) return;
  const publicURL = app.config.publicURL;

  app.get('/sign-in/forgot', async (request, reply) => {
    const page = await pageContext(request, reply);
    return sendPage(reply, ForgotPasswordPage({ ctx: page }));
  });

  app.post('/sign-in/forgot', async (request, reply) => {
    const page = await pageContext(request, reply, '/sign-in/forgot');
    try {
      await requestPasswordReset(ctx, {
        identifier: formFields(request).identifier,
        ip: request.ip,
        resetURL: (token) => resetLinkURL(publicURL, token),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const messages = { error: errorText(page.t, error) };
      return sendPage(reply, ForgotPasswordPage({ ctx: page, messages }), error.status);
    }
    return sendPage(reply, ForgotPasswordPage({ ctx: page, sent: true }));
  });

  app.get<ResetRoute>('/sign-in/reset', async (request, reply) => {
    const page = await pageContext(request, reply, '/sign-in/reset');
    const token = request.query.token ?? '';
    try {
      const { username } = await checkResetLink(ctx, token, request.ip);
      const minLength = await currentPasswordMinLength(ctx);
      return sendPage(reply, ResetPasswordPage({ ctx: page, token, username, minLength }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const messages = { error: errorText(page.t, error) };
      return sendPage(reply, ForgotPasswordPage({ ctx: page, messages }), error.status);
    }
  });

  app.post('/sign-in/reset', async (request, reply) => {
    const { token = '', password } = formFields(request);
    try {
      await completePasswordReset(ctx, { token, password, ip: request.ip });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = await pageContext(request, reply, '/sign-in/reset');
      if (error.code === 'INVALID_RESET_LINK' || error.code === 'TOO_MANY_REQUESTS') {
        const messages = { error: errorText(page.t, error) };
        return sendPage(reply, ForgotPasswordPage({ ctx: page, messages }), error.status);
      }
      const { username } = await checkResetLink(ctx, token, request.ip);
      const messages = formError(page.t, error, 'password');
      const minLength = await currentPasswordMinLength(ctx);
      return sendPage(
        reply,
        ResetPasswordPage({ ctx: page, token, username, minLength, messages }),
        error.status,
      );
    }
    return reply.redirect('/sign-in?notice=password-reset', 303);
  });
}
