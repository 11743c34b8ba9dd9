import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolState } from '../db/open.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { AttemptFactor } from '../services/attempts/index.js';
import type { ServiceContext } from '../services/context.js';
import { unavailableDependency } from './unavailable.js';

export interface MetricsOptions {
  /** The bearer token that opens `GET /metrics`; without one there is no endpoint (404). */
  token: string | undefined;
  ctx: ServiceContext;
  /** PostgreSQL: the pool's connections, read at each scrape. */
  poolState?: (() => PoolState) | undefined;
}

/** How a sign-in step ended, for the `result` label: a short fixed set, never a user's input. */
const RESULTS: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'wrong',
  INVALID_CODE: 'wrong',
  PASSKEY_REFUSED: 'wrong',
  CODE_ALREADY_USED: 'replayed',
  ACCOUNT_LOCKED: 'locked',
  TOO_MANY_REQUESTS: 'throttled',
  UNAVAILABLE: 'busy',
  ACCOUNT_DISABLED: 'disabled',
};

/** The `result` label of a step that ended with `error` (undefined: it succeeded). */
export function attemptResult(error: unknown): string {
  if (error === undefined) return 'ok';
  if (error instanceof AppError) return RESULTS[error.code] ?? 'invalid';
  return unavailableDependency(error) ? 'unavailable' : 'error';
}

/**
 * The service's metrics, counted on every route of `app`; the returned function adds `GET /metrics`
 * (Prometheus text format, for a scraper holding `Authorization: Bearer TOKEN`) to a context. Sign-in
 * steps by result, completed sign-ins, lockouts, request latency by route pattern, the
 * password-hashing cap and the PostgreSQL pool. Labels are fixed sets and route patterns — never a
 * raw address, a user name or anything secret. The registry is this app's own (not prom-client's
 * global one), so several services in one process keep separate counts.
 */
export function registerMetrics(
  app: FastifyInstance,
  options: MetricsOptions,
): ((endpoint: FastifyInstance) => void) | undefined {
  const { token, ctx, poolState } = options;
  if (token === undefined) return undefined;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const password = new Counter({
    name: 'kakunin_password_attempts_total',
    help: 'Password steps of a sign-in, by result (ok, wrong, locked, throttled, busy, disabled, invalid, unavailable, error).',
    labelNames: ['result'],
    registers,
  });
  const secondFactor = new Counter({
    name: 'kakunin_second_factor_attempts_total',
    help: 'Second-factor steps of a sign-in by factor (code, recovery_code, passkey) and result (ok, wrong, replayed, locked, throttled, …).',
    labelNames: ['factor', 'result'],
    registers,
  });
  const signIns = new Counter({
    name: 'kakunin_sign_ins_total',
    help: 'Completed sign-ins (a full session), by the last method used.',
    labelNames: ['method'],
    registers,
  });
  const lockouts = new Counter({
    name: 'kakunin_lockouts_total',
    help: 'Locks started by a failed attempt (password, code, recovery code or passkey counter).',
    registers,
  });
  ctx.events.on('attempt.outcome', (factor: AttemptFactor, error: unknown) => {
    const result = attemptResult(error);
    if (factor === 'password') password.inc({ result });
    else secondFactor.inc({ factor, result });
  });
  ctx.events.on('login.succeeded', (method: string) => signIns.inc({ method }));
  ctx.events.on('account.locked', () => lockouts.inc());

  new Gauge({
    name: 'kakunin_password_hashes',
    help: 'Password verifications (argon2) running and waiting for a place under the cap.',
    labelNames: ['state'],
    registers,
    collect() {
      const { running, waiting } = ctx.hashGate.state;
      this.set({ state: 'running' }, running);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  let refusedSeen = 0;
  new Counter({
    name: 'kakunin_password_hashes_refused_total',
    help: 'Password verifications refused with 503 because the cap and its queue (or the address share) were full.',
    registers,
    collect() {
      const { refused } = ctx.hashGate.state;
      this.inc(refused - refusedSeen);
      refusedSeen = refused;
    },
  });
  if (poolState) {
    new Gauge({
      name: 'kakunin_database_pool_connections',
      help: 'PostgreSQL pool: connections open (total) and idle, and queries waiting for a connection.',
      labelNames: ['state'],
      registers,
      collect() {
        const state = poolState();
        this.set({ state: 'total' }, state.total);
        this.set({ state: 'idle' }, state.idle);
        this.set({ state: 'waiting' }, state.waiting);
      },
    });
  }

  const latency = new Histogram({
    name: 'kakunin_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // A callback hook: it runs after every forward-auth check too.
  app.addHook('onResponse', (request, reply, done) => {
    latency.observe(
      { method: request.method, route: routeOf(request), status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const expected = digest(token);
  // Not subject to the per-address limits: a scraper polls it, and the token resists guessing.
  return (endpoint) => {
    endpoint.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
      const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('INVALID_TOKEN', undefined, 'The metrics token is missing or wrong.');
      }
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  };
}

/** The route pattern (`/api/users/:username`), not the URL: one series per route, whatever is asked. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

// Equal-length digests, compared in constant time: neither the token nor its length leaks.
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
