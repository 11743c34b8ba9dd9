import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.js';
import { adminRoutes } from './admin.js';
import { loginRoutes } from './login.js';
import { meRoutes } from './me.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The JSON API under `/api`. Its CSRF defence: a state-changing request must say
 * `Content-Type: application/json`, which a cross-site form cannot send and a cross-site script
 * cannot send without a CORS preflight this service never grants.
 */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' || request.headers['sec-fetch-site'] === 'cross-site')
      throw new AppError('CSRF');
  });
  app.setNotFoundHandler(() => {
    throw new AppError('NOT_FOUND');
  });
  await app.register(loginRoutes);
  await app.register(meRoutes);
  await app.register(adminRoutes);
};
