import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { PasswordLinkURL } from '../services/new-users.js';
import { completePasswordReset, requestPasswordReset } from '../services/password-reset.js';
import { jsonFields } from './body.js';

/** The address of the page a reset link opens. */
export function resetLinkURL(publicURL: URL, token: string): string {
  return new URL(`/sign-in/reset?token=${encodeURIComponent(token)}`, publicURL).href;
}

/** Where a mailed link to set a password leads, on this service. */
export function passwordLinkURL(app: FastifyInstance): PasswordLinkURL {
  return (token) => resetLinkURL(app.config.publicURL, token);
}

/**
 * `POST /api/password-reset` (mails a link; the same 202 for every name) and
 * `POST /api/password-reset/complete` (sets the password with the link's token). Only with mail.
 */
export const passwordResetRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  if (!ctx.mailer) return;
  const publicURL = app.config.publicURL;

  app.post('/password-reset', async (request, reply) => {
    const { identifier } = jsonFields(request);
    const resetURL = (token: string) => resetLinkURL(publicURL, token);
    await requestPasswordReset(ctx, { identifier, ip: request.ip, resetURL });
    return reply.status(202).send({ status: 'sent-if-known' });
  });

  app.post('/password-reset/complete', async (request) => {
    const { token, password } = jsonFields(request);
    await completePasswordReset(ctx, { token, password, ip: request.ip });
    return { status: 'ok' };
  });
};
