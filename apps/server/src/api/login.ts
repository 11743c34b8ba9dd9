import type { FastifyPluginAsync } from 'fastify';
import { readDevice } from '../http/device-cookie.js';
import { clearSessionCookie, loadSession, sessionToken, setSessionCookie } from '../http/session-cookie.js';
import { rememberBrowser } from '../mail/new-browser.js';
import { recordAudit } from '../services/audit.js';
import { login, loginWithRecoveryCode, loginWithTOTP } from '../services/auth.js';
import { endSession } from '../services/sessions.js';
import { jsonFields } from './body.js';

/** `POST /api/login`, `/api/login/totp`, `/api/login/recovery-code`, `/api/logout`. */
export const loginRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;

  app.post('/login', async (request, reply) => {
    const body = jsonFields(request);
    const device = readDevice(request);
    const result = await login(ctx, {
      username: body.username,
      password: body.password,
      ip: request.ip,
      device,
      userAgent: request.headers['user-agent'],
    });
    // A new session replaces whatever the browser had (no session fixation).
    await endSession(ctx, sessionToken(request));
    setSessionCookie(reply, result);
    rememberBrowser(request, reply, result.username, device);
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
