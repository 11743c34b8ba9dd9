import type { FastifyPluginAsync } from 'fastify';
import { passwordSignIn } from '../http/password-sign-in.js';
import { clearSessionCookie, loadSession, sessionToken, setSessionCookie } from '../http/session-cookie.js';
import { recordAudit } from '../services/audit.js';
import { loginWithRecoveryCode, loginWithTOTP } from '../services/auth.js';
import { endSession } from '../services/sessions.js';
import { jsonFields } from './body.js';

/** `POST /api/login`, `/api/login/totp`, `/api/login/recovery-code`, `/api/logout`. */
export const loginRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;

  app.post('/login', async (request, reply) => {
    const result = await passwordSignIn(request, reply, jsonFields(request));
    return { status: result.status };
  });

  app.post('/login/totp', async (request, reply) => {
    const result = await loginWithTOTP(ctx, {
      token: sessionToken(request),
      code: jsonFields(request).code,
      ip: request.ip,
    });
    setSessionCookie(reply, result);
    return { status: result.status };
  });

  app.post('/login/recovery-code', async (request, reply) => {
    const input = { token: sessionToken(request), code: jsonFields(request).code, ip: request.ip };
    const result = await loginWithRecoveryCode(ctx, input);
    setSessionCookie(reply, result);
    return { status: result.status };
  });

  app.post('/logout', async (request, reply) => {
    const session = await loadSession(request);
    await endSession(ctx, sessionToken(request));
    if (session) {
      await recordAudit(ctx, {
        event: 'logout',
        actor: { username: session.username, ip: request.ip },
        target: session.username,
      });
    }
    clearSessionCookie(reply);
    return { status: 'ok' };
  });
};
