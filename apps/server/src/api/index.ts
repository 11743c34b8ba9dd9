import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { appsAdminRoutes } from '../oidc/admin-api.js';
import { adminRoutes } from './admin.js';
import { adminUserRoutes } from './admin-users.js';
import { auditRoutes } from './audit.js';
import { bearerToken, signInBearer } from './bearer.js';
import { loginRoutes } from './login.js';
import { meRoutes } from './me.js';
import { myAccountRoutes } from './my-account.js';
import { passkeyRoutes } from './passkeys.js';
import { passwordResetRoutes } from './password-reset.js';
import { tokenRoutes } from './tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check of the JSON API. A request the browser marks cross-site is refused. A state-changing
 * request that says `Content-Type: application/json` passes: a cross-site form cannot send it and a
 * cross-site script cannot without a CORS preflight this service never grants. A request without a
 * body (`DELETE …/two-factor`, `POST …/unlock`) passes when it proves it comes from this site —
 * `Sec-Fetch-Site: same-origin`, or an `Origin` that is this service (its PUBLIC_URL, or the address
 * the request was sent to) — or when it carries neither header (command-line clients send none;
 * browsers always send Origin on a cross-origin POST or DELETE).
 */
export function passesJSONCSRFCheck(request: FastifyRequest, ownOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const headers = request.headers;
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site') return false;
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return true;
  const hasBody =
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers['transfer-encoding'] !== undefined;
  if (type !== undefined || hasBody) return false;
  if (site === 'same-origin') return true;
  const origin = headers.origin;
  if (origin !== undefined) return origin !== 'null' && ownOrigins.includes(origin);
  // No Origin: a browser would only leave it out on a same-origin request; anything else it marks.
  return site === undefined;
}

/** This service's own origins for a request: PUBLIC_URL's, and the one the request was addressed to. */
function ownOrigins(request: FastifyRequest, publicOrigin: string): string[] {
  return [publicOrigin, `${request.protocol}://${request.host}`];
}

/** The JSON API under `/api`. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const publicOrigin = app.config.publicURL.origin;
  app.decorateRequest('apiToken', undefined);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token !== undefined) return signInBearer(request, token);
    if (!passesJSONCSRFCheck(request, ownOrigins(request, publicOrigin))) throw new AppError('CSRF');
  });
  app.setNotFoundHandler(() => {
    throw new AppError('NOT_FOUND');
  });
  await app.register(loginRoutes);
  await app.register(meRoutes);
  await app.register(passkeyRoutes);
  await app.register(myAccountRoutes);
  await app.register(adminRoutes);
  await app.register(adminUserRoutes);
  await app.register(appsAdminRoutes);
  await app.register(tokenRoutes);
  await app.register(auditRoutes);
  await app.register(passwordResetRoutes);
};
