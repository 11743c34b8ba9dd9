import type { FastifyReply, FastifyRequest } from 'fastify';
import { rememberBrowser } from '../mail/new-browser.js';
import { type LoginResult, login } from '../services/auth.js';
import { endSession } from '../services/sessions.js';
import { readDevice } from './device-cookie.js';
import { sessionToken, setSessionCookie } from './session-cookie.js';

/**
 * The password step, from the sign-in page or the JSON API: the sign-in, then its session cookie in
 * place of whatever session the browser had (no session fixation), and the browser remembered.
 */
export async function passwordSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: { username?: unknown; password?: unknown },
): Promise<LoginResult> {
  const ctx = request.server.kakunin;
  const device = readDevice(request);
  const result = await login(ctx, {
    username: fields.username,
    password: fields.password,
    ip: request.ip,
    device,
    userAgent: request.headers['user-agent'],
  });
  await endSession(ctx, sessionToken(request));
  setSessionCookie(reply, result);
  rememberBrowser(request, reply, result.username, device);
  return result;
}
