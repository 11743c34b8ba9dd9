import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { signInURL } from '../http/return-to.js';
import { sessionTokenOf } from '../http/session-cookie.js';
import { checkAccess, rememberedAccess } from './check.js';
import type { Decision } from './decide.js';
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

/**
 * `/api/authz/forward-auth` and `/api/authz/auth-request`: Authelia's paths and semantics. Registered
 * beside the pages and the API, not under them: a check runs in front of every request to every
 * protected app, and needs none of their hooks (security headers, cookie parsing, CSRF, flood limit).
 */
export const authzRoutes: FastifyPluginAsync = async (app) => {
  const trusted = trustedProxy(app.config.trustProxy);
  const publicURL = app.config.publicURL;
  // A proxy may pass the client's body along; the check never reads it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  // As every answer of the service: never cached (the refusals of a shutting-down instance included).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  for (const [name, dialect] of Object.entries(DIALECTS)) {
    const answer = (reply: FastifyReply, original: OriginalRequest, decision: Decision): FastifyReply => {
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
    };
    app.route({
      method: METHODS,
      url: `/${name}`,
      // No async function: a check answered from memory (most of them) then costs no promise.
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        // No page, no helmet: the two headers that matter for a redirect or a short text.
        reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
        if (!trusted(request.socket.remoteAddress)) throw new AppError('UNTRUSTED_PROXY');
        const original: OriginalRequest | undefined = dialect.read(request.headers);
        if (!original) throw new AppError('NO_ORIGINAL_URL');
        const token = sessionTokenOf(request.headers.cookie);
        const hostname = original.url.hostname;
        const remembered = rememberedAccess(app.kakunin, token, hostname);
        if (remembered) {
          answer(reply, original, remembered);
          return;
        }
        return checkAccess(app.kakunin, token, hostname).then((decision) =>
          answer(reply, original, decision),
        );
      },
    });
  }
};
