import { createHmac } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import type { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import { apiRoutes } from './api/index.js';
import { authzRoutes } from './authz/index.js';
import type { Config } from './config.js';
import type { PoolState } from './db/open.js';
import type { DB } from './db/schema.js';
import { AppError } from './errors.js';
import { errorHandler } from './http/error-handler.js';
import { registerHealth } from './http/health.js';
import { registerMetrics } from './http/metrics.js';
import { requestId } from './http/request-id.js';
import { csrfUserInfo } from './http/session-cookie.js';
import { FaultLog } from './http/unavailable.js';
import { type OIDCService, oidcRoutes, startOIDC } from './oidc/index.js';
import { createServiceContext } from './service-context.js';
import type { AddressLimit } from './services/attempts/index.js';
import type { ServiceContext } from './services/context.js';
import { checkSecretKey } from './services/key-check.js';
import { webRoutes } from './web/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the services need: database, key box, limiter, clock. */
    kakunin: ServiceContext;
    config: Config;
    /** The OpenID Connect provider (apps that sign people in through Kakunin). */
    oidc: OIDCService;
    /** Dependency faults, logged at most once per kind every few seconds. */
    faultLog: FaultLog;
  }
}

export interface AppOptions {
  config: Config;
  db: Kysely<DB>;
  /** The 32-byte master key (see resolveSecretKey). */
  secretKey: Uint8Array;
  /** Shared failure counters in Redis instead of the database. */
  redis?: Redis | undefined;
  /** Clock in epoch ms (tests). */
  now?: () => number;
  /** Attempts allowed per client address. */
  ipLimit?: AddressLimit;
  /** Flood limit on all requests per address and minute, in this process; false turns it off. */
  requestsPerMinute?: number | false;
  logger?: FastifyServerOptions['logger'];
  /** Register the web pages (default true). */
  pages?: boolean;
  /** PostgreSQL: the pool's state, for the metrics. */
  poolState?: (() => PoolState) | undefined;
  /** More routes beside the pages and the API, with their cookies, CSRF and headers (tests). */
  routes?: (service: FastifyInstance) => void;
  /** Told of each route as it is added (tests that visit every route). */
  onRoute?: (route: RouteOptions) => void;
}

/** Query parameters that carry a secret (a password-reset link's token): never written to the log. */
const SECRET_PARAMETERS = /([?&](?:token)=)[^&#]*/gi;

/** The service's log: the configured level, requests without their secrets. */
export function loggerOptions(config: Pick<Config, 'logLevel'>) {
  return { level: config.logLevel, serializers: { req: logRequest } };
}

/** The request as the log shows it: Fastify's fields, with secrets in the query string masked. */
export function logRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.replace(SECRET_PARAMETERS, '$1[redacted]'),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Largest request body accepted (JSON or form). */
export const BODY_LIMIT = 64 * 1024;

/** Builds the service: security headers, cookies, CSRF, limits, the JSON API and the web pages. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const serverOptions: FastifyServerOptions = {
    logger: options.logger ?? loggerOptions(config),
    bodyLimit: BODY_LIMIT,
    genReqId: requestId,
    requestIdHeader: false,
    // Requests arriving during shutdown get the API's own 503 (onRequest hook below).
    return503OnClosing: false,
    // The per-address limit needs the real client address; behind a proxy, set TRUST_PROXY.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
  };
  const app = Fastify(serverOptions);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const now = options.now ?? Date.now;
  const ctx = createServiceContext({
    config,
    db: options.db,
    secretKey: options.secretKey,
    redis: options.redis,
    now,
    addressLimit: options.ipLimit,
  });

  app.decorate('kakunin', ctx);
  app.decorate('config', config);
  // The provider unseals its signing keys: a wrong master key must stop here with its own message.
  await checkSecretKey(ctx);
  const oidc = await startOIDC(ctx, config, options.secretKey, (error) =>
    app.log.error({ err: error }, 'OpenID Connect provider failed'),
  );
  app.decorate('oidc', oidc);
  app.addHook('onClose', async () => oidc.close());
  ctx.events.on('mail.failed', (error: unknown, what: string) =>
    app.log.warn({ err: error, mail: what }, 'mail not sent'),
  );
  app.addHook('onClose', async () => {
    await Promise.allSettled([...ctx.mailQueue]);
  });
  app.decorate('faultLog', new FaultLog((entry, message) => app.log.warn(entry, message)));
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Every route, the proxies' checks included: the request id, and the 503 of an instance shutting down.
  // A callback hook rather than an async one: it runs in front of every forward-auth check.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (!closing) return done();
    reply.header('connection', 'close');
    done(
      new AppError(
        'UNAVAILABLE',
        { retryAfterSeconds: 1 },
        'This instance is shutting down. Try again; another instance will answer.',
      ),
    );
  });
  app.decorateRequest('kakuninSession', undefined);
  app.decorateRequest('kakuninCSRFBinding', undefined);
  app.setErrorHandler(errorHandler);

  // An empty JSON body reads as {}, so bodyless POST/DELETE can still carry the JSON content type.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, {});
    jsonParser(request, text, done);
  });

  // Counted for every route, the proxies' checks included.
  const metricsEndpoint = registerMetrics(app, {
    token: config.metricsToken,
    ctx,
    poolState: options.poolState,
  });
  // The proxies' checks and the rest of the service are sibling contexts: fastify runs a context's
  // hooks for every route in it, and the checks, in front of every request to every protected app,
  // need none of those of the pages and the API (security headers, cookie parsing, CSRF, flood limit).
  // Outside the JSON API: the checks carry no JSON and change nothing (no CSRF check).
  await app.register(authzRoutes, { prefix: '/api/authz' });
  await app.register(async (service) => {
    await service.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    });
    await service.register(cookie, { secret: deriveKey(options.secretKey, 'cookie-signing') });
    await service.register(formbody, { bodyLimit: BODY_LIMIT });
    await service.register(csrfProtection, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'kakunin_csrf',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, signed: true },
      // Tokens are bound to the session: one taken from another session, or planted with a cookie
      // tossed from a sibling host, does not verify.
      getUserInfo: csrfUserInfo,
      csrfOpts: { hmacKey: deriveKey(options.secretKey, 'csrf-tokens') },
    });
    if (options.requestsPerMinute !== false) {
      await service.register(rateLimit, {
        max: options.requestsPerMinute ?? 1200,
        timeWindow: 60_000,
        errorResponseBuilder: (_request, context) =>
          new AppError(
            'TOO_MANY_REQUESTS',
            { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
            'Too many requests from this address. Try again later.',
          ),
      });
    }
    service.addHook('onSend', async (_request, reply) => {
      // Pages and answers carry session state: never cache them.
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });

    service.setNotFoundHandler(() => {
      throw new AppError('NOT_FOUND');
    });

    const redis = options.redis;
    registerHealth(
      service,
      {
        database: () => sql`select 1`.execute(options.db),
        ...(redis ? { redis: () => redis.ping() } : {}),
      },
      () => closing,
    );
    metricsEndpoint?.(service);
    await service.register(apiRoutes, { prefix: '/api' });
    await service.register(oidcRoutes);
    if (options.pages !== false) await service.register(webRoutes);
    options.routes?.(service);
  });
  return app;
}

function deriveKey(key: Uint8Array, purpose: string): string {
  return createHmac('sha256', key).update(`kakunin/${purpose}`).digest('base64url');
}
