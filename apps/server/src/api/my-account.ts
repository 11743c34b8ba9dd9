import type { FastifyPluginAsync } from 'fastify';
import {
  clearSessionCookie,
  requireSession,
  sessionToken,
  setSessionCookie,
  signedIn,
} from '../http/session-cookie.js';
import {
  changePassword,
  endMyOtherSessions,
  endMySession,
  getProfile,
  mySessions,
  updateProfile,
} from '../services/my-account.js';
import { publicSessionId } from '../services/session-list.js';
import { endSession } from '../services/sessions.js';
import { jsonFields } from './body.js';
import { sensitiveRequest } from './sensitive.js';

type SessionParams = { Params: { id: string } };

/** The person's own password, profile and sessions under `/api/me`. */
export const myAccountRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  const fullySignedIn = { preHandler: requireSession() };

  // Also for a session signed in with a one-time password: the one thing it may do.
  app.put(
    '/me/password',
    { preHandler: requireSession({ allowPasswordChange: true }) },
    async (request, reply) => {
      const { currentPassword, newPassword, code, recoveryCode } = jsonFields(request);
      // The password field is the current password here, not a proof on its own.
      const asking = { ...sensitiveRequest(request, reply), proof: { code, recoveryCode } };
      const result = await changePassword(
        ctx,
        { ...asking, token: sessionToken(request) },
        { currentPassword, newPassword },
      );
      if (result.session) setSessionCookie(reply, result.session);
      return { status: 'ok' };
    },
  );

  app.get('/me/profile', fullySignedIn, async (request) => getProfile(ctx, signedIn(request).userId));

  app.patch('/me/profile', fullySignedIn, async (request, reply) => {
    const { displayName, email } = jsonFields(request);
    return updateProfile(ctx, sensitiveRequest(request, reply), { displayName, email });
  });

  app.get('/me/sessions', fullySignedIn, async (request) => ({
    sessions: await mySessions(ctx, signedIn(request)),
  }));

  // "Sign out everywhere else".
  app.delete('/me/sessions', fullySignedIn, async (request, reply) => {
    await endMyOtherSessions(ctx, sensitiveRequest(request, reply));
    return { status: 'ok' };
  });

  app.delete<SessionParams>('/me/sessions/:id', fullySignedIn, async (request, reply) => {
    const session = signedIn(request);
    if (request.params.id === publicSessionId(session.id)) {
      // This browser's own session: plain sign-out.
      await endSession(ctx, sessionToken(request));
      clearSessionCookie(reply);
      return { status: 'ok' };
    }
    await endMySession(ctx, sensitiveRequest(request, reply), request.params.id);
    return { status: 'ok' };
  });
};
