import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { signInURL } from '../http/return-to.js';
import { sessionToken } from '../http/session-cookie.js';
import { checkAccess } from './check.js';
import { setIdentityHeaders } from './identity-headers.js';
import { forwardedRequest, type OriginalRequest, originalURLRequest } from './original-request.js';
import { trustedProxy } from './trusted-proxy.js';

/** The proxy dialects: how the original request arrives and how "sign in first" is answered. */
const DIALECTS = {
  // Traefik forwardAuth, Caddy forward_auth: the proxy passes a 302 on to the browser as it is.
  'forward-auth': { read: forwardedRequest, redirects: true },
  // nginx auth_request only understands 2xx/401/403: 401 with the sign-in address in Location,
  // which the documented snippet turns into the browser's redirect.
  'auth-request': { read: originalURLRequest, redirects: false },
} as const;

// Proxies forward the checked request's method (Traefik) or any method nginx sees: answer them all.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** `/api/authz/forward-auth` and `/api/authz/auth-request`: Authelia's paths and semantics. */
export const authzRoutes: FastifyPluginAsync = async (app) => {
  const trusted = trustedProxy(app.config.trustProxy);
  const publicURL = app.config.publicURL;
  // A proxy may pass the client's body along; the check never reads it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  for (const [name, dialect] of Object.entries(DIALECTS)) {
    app.route({
      method: METHODS,
      url: `/${name}`,
      // The proxy sends every request of every user from one address: the flood limit is not for it.
      config: { rateLimit: false },
      // @fastify/helmet builds its middleware anew on every request (about 0.3 ms of CPU): too much
      // for a check in front of every request to every app. These answers are no page; the two
      // headers that matter for a redirect or a short text are set below.
      helmet: false,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
        if (!trusted(request.socket.remoteAddress)) throw new AppError('UNTRUSTED_PROXY');
        const original: OriginalRequest | undefined = dialect.read(request.headers);
        if (!original) throw new AppError('NO_ORIGINAL_URL');
        const decision = await checkAccess(app.kakunin, sessionToken(request), original.url.hostname);
        if (decision.kind === 'allow') {
          setIdentityHeaders(reply, decision.session);
          return reply.status(200).send();
        }
        if (decision.kind === 'forbidden') return reply.status(403).type('text/plain').send('Forbidden');
        const location = signInURL(publicURL, original.url.href);
        const redirect = dialect.redirects && (original.method === 'GET' || original.method === 'HEAD');
        return reply
          .status(redirect ? 302 : 401)
          .header('location', location)
          .type('text/plain')
          .send(redirect ? `Found: ${location}` : 'Unauthorized');
      },
    });
  }
};
