import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireSession, sessionToken, setSessionCookie, signedIn } from '../http/session-cookie.js';
import {
  REAUTH_WINDOW_MS,
  reauthenticate,
  reauthenticatedUntil,
  reauthMethods,
  secondFactors,
} from '../services/reauth.js';
import {
  confirmEnrollment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startEnrollment,
  twoFactorStatus,
} from '../services/two-factor.js';
import { jsonFields } from './body.js';
import { sensitiveRequest } from './sensitive.js';

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
    const [status, factors] = await Promise.all([
      twoFactorStatus(ctx, session.userId),
      secondFactors(ctx, session.userId),
    ]);
    const hasFactor = factors.totp !== undefined || factors.passkey;
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
      authentication: {
        authTime: session.authTime,
        amr: session.amr,
        reauthenticatedUntil: reauthenticatedUntil(session, hasFactor, ctx.now()) ?? null,
        reauthMethods: reauthMethods(factors),
      },
    };
  });

  // The re-authentication step: opens the 5-minute window for sensitive changes.
  app.post('/me/reauthenticate', fullySignedIn, async (request, reply) => {
    await reauthenticate(ctx, sensitiveRequest(request, reply));
    return { reauthenticatedUntil: ctx.now() + REAUTH_WINDOW_MS };
  });

  app.post('/me/two-factor/enrollment', signedInOrEnrolling, async (request, reply) => {
    return startEnrollment(ctx, sensitiveRequest(request, reply));
  });

  app.post('/me/two-factor/enrollment/confirm', signedInOrEnrolling, async (request, reply) => {
    const session = signedIn(request);
    const confirmed = await confirmEnrollment(
      ctx,
      account(session),
      { code: jsonFields(request).code, session: { token: sessionToken(request), stage: session.stage } },
      actorOf(request),
    );
    setSessionCookie(reply, confirmed.session);
    const { recoveryCodes } = confirmed;
    return { enabled: true, recoveryCodes };
  });

  app.delete('/me/two-factor', fullySignedIn, async (request, reply) => {
    await disableTwoFactor(ctx, sensitiveRequest(request, reply));
    return { enabled: false };
  });

  app.post('/me/two-factor/recovery-codes', fullySignedIn, async (request, reply) => {
    return { recoveryCodes: await regenerateRecoveryCodes(ctx, sensitiveRequest(request, reply)) };
  });
};
