import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { actorOf, requireSession, sessionToken, setSessionCookie, signedIn } from '../http/session-cookie.js';
import {
  REAUTH_WINDOW_MS,
  reauthenticate,
  reauthenticatedUntil,
  reauthMethods,
  type SensitiveRequest,
} from '../services/reauth.js';
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

  // The session, what the request brings as proof (`code`, `recoveryCode` or `password`), who acts.
  const sensitive = (request: FastifyRequest): SensitiveRequest => {
    const { code, recoveryCode, password } = jsonFields(request);
    return { session: signedIn(request), proof: { code, recoveryCode, password }, actor: actorOf(request) };
  };

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
      authentication: {
        authTime: session.authTime,
        amr: session.amr,
        reauthenticatedUntil: reauthenticatedUntil(session, status.enabled, ctx.now()) ?? null,
        reauthMethods: reauthMethods(status.enabled),
      },
    };
  });

  // The re-authentication step: opens the 5-minute window for sensitive changes.
  app.post('/me/reauthenticate', fullySignedIn, async (request) => {
    await reauthenticate(ctx, sensitive(request));
    return { reauthenticatedUntil: ctx.now() + REAUTH_WINDOW_MS };
  });

  app.post('/me/two-factor/enrollment', signedInOrEnrolling, async (request) => {
    return startEnrollment(ctx, sensitive(request));
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

  app.delete('/me/two-factor', fullySignedIn, async (request) => {
    await disableTwoFactor(ctx, sensitive(request));
    return { enabled: false };
  });

  app.post('/me/two-factor/recovery-codes', fullySignedIn, async (request) => {
    return { recoveryCodes: await regenerateRecoveryCodes(ctx, sensitive(request)) };
  });
};
