import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { appsAdminRoutes } from '../oidc/admin-api.js';
import { adminRoutes } from './admin.js';
import { loginRoutes } from './login.js';
import { meRoutes } from './me.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF check of the JSON API. A state-changing request must say `Content-Type: application/json`,
 * which a cross-site form cannot send and a cross-site script cannot send without a CORS preflight
 * this service never grants. A request with no body and no content type passes only without a foreign
 * `Origin` (browsers always send Origin on cross-site POSTs; command-line clients send none).
 */
export function passesJSONCSRFCheck(request: FastifyRequest, ownOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const headers = request.headers;
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return true;
  const hasBody =
    (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
    headers['transfer-encoding'] !== undefined;
  return type === undefined && !hasBody && (headers.origin === undefined || headers.origin === ownOrigin);
}

/** The JSON API under `/api`. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  const ownOrigin = app.config.publicURL.origin;
  app.addHook('onRequest', async (request) => {
    if (!passesJSONCSRFCheck(request, ownOrigin)) throw new AppError('CSRF');
  });
  app.setNotFoundHandler(() => {
    throw new AppError('NOT_FOUND');
  });
  await app.register(loginRoutes);
  await app.register(meRoutes);
  await app.register(adminRoutes);
  await app.register(appsAdminRoutes);
};
