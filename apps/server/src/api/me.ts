import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.js';
import { actorOf, requireSession, sessionToken, setSessionCookie, signedIn } from '../http/session-cookie.js';
import { enrollmentAuthentication, promoteSession } from '../services/sessions.js';
import {
  confirmEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startEnrollment,
  twoFactorStatus,
} from '../services/two-factor.js';
import { jsonFields } from './body.js';

/** `GET /api/me` and the user's own two-factor settings under `/api/me/two-factor`. */
export const meRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  const signedInOrEnrolling = { preHandler: requireSession({ allowEnrollment: true }) };
  const fullySignedIn = { preHandler: requireSession() };
  const account = (session: { userId: number; username: string }) => ({
    userId: session.userId,
    username: session.username,
  });

  app.get('/me', signedInOrEnrolling, async (request) => {
    const session = signedIn(request);
    const status = await twoFactorStatus(ctx, session.userId);
    return {
      username: session.username,
      role: session.role,
      twoFactor: {
        enabled: status.enabled,
        policy: status.policy,
        pending: status.pending,
        recoveryCodesLeft: status.recoveryCodesLeft,
      },
      enrollmentRequired: session.stage === 'enrollment',
    };
  });

  app.post('/me/two-factor/enrollment', signedInOrEnrolling, async (request) => {
    return startEnrollment(ctx, account(signedIn(request)));
  });

  app.post('/me/two-factor/enrollment/confirm', signedInOrEnrolling, async (request, reply) => {
    const session = signedIn(request);
    const { recoveryCodes } = await confirmEnrollment(
      ctx,
      account(session),
      { code: jsonFields(request).code },
      actorOf(request),
    );
    // Registering is a privilege change: the session continues under a new id.
    const token = sessionToken(request);
    const promoted = token
      ? await promoteSession(ctx, token, session.stage, 'full', enrollmentAuthentication(ctx, session))
      : undefined;
    if (!promoted) throw new AppError('UNAUTHENTICATED');
    setSessionCookie(reply, promoted);
    return { enabled: true, recoveryCodes };
  });

  app.delete('/me/two-factor', fullySignedIn, async (request) => {
    const { password, code } = jsonFields(request);
    await disableTwoFactor(ctx, account(signedIn(request)), { password, code }, actorOf(request));
    return { enabled: false };
  });

  app.post('/me/two-factor/recovery-codes', fullySignedIn, async (request) => {
    const recoveryCodes = await regenerateRecoveryCodes(
      ctx,
      account(signedIn(request)),
      { code: jsonFields(request).code },
      actorOf(request),
    );
    return { recoveryCodes };
  });
};
