import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { OIDC_PREFIX } from './provider.js';

/**
 * Mounts the provider's endpoints: the requests go, untouched, to its own (Koa) handler. Bodies are not
 * parsed here: the provider reads them itself.
 */
export const oidcRoutes: FastifyPluginAsync = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    await app.oidc.handle(request.raw, reply.raw);
  };
  app.route({ method: ['GET', 'POST', 'OPTIONS'], url: `${OIDC_PREFIX}/*`, handler });
  app.route({ method: ['GET', 'OPTIONS'], url: '/.well-known/openid-configuration', handler });
};
