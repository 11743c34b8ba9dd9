import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  actorOf,
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
import type { SensitiveRequest } from '../services/reauth.js';
import { publicSessionId } from '../services/session-list.js';
import { endSession } from '../services/sessions.js';
import { jsonFields } from './body.js';

type SessionParams = { Params: { id: string } };

/** The person's own password, profile and sessions under `/api/me`. */
export const myAccountRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  const fullySignedIn = { preHandler: requireSession() };

  // The session, the proof the request brings (`code` or `recoveryCode`; `password` where it counts), who acts.
  const sensitive = (request: FastifyRequest, withPassword = true): SensitiveRequest => {
    const { code, recoveryCode, password } = jsonFields(request);
    const proof = withPassword ? { code, recoveryCode, password } : { code, recoveryCode };
    return { session: signedIn(request), proof, actor: actorOf(request) };
  };

  // Also for a session signed in with a one-time password: the one thing it may do.
  app.put(
    '/me/password',
    { preHandler: requireSession({ allowPasswordChange: true }) },
    async (request, reply) => {
      const { currentPassword, newPassword } = jsonFields(request);
      const result = await changePassword(
        ctx,
        { ...sensitive(request, false), token: sessionToken(request) },
        { currentPassword, newPassword },
      );
      if (result.session) setSessionCookie(reply, result.session);
      return { status: 'ok' };
    },
  );

  app.get('/me/profile', fullySignedIn, async (request) => getProfile(ctx, signedIn(request).userId));

  app.patch('/me/profile', fullySignedIn, async (request) => {
    const { displayName, email } = jsonFields(request);
    return updateProfile(ctx, sensitive(request), { displayName, email });
  });

  app.get('/me/sessions', fullySignedIn, async (request) => ({
    sessions: await mySessions(ctx, sensitive(request)),
  }));

  // "Sign out everywhere else".
  app.delete('/me/sessions', fullySignedIn, async (request) => {
    await endMyOtherSessions(ctx, sensitive(request));
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
    await endMySession(ctx, sensitive(request), request.params.id);
    return { status: 'ok' };
  });
};
