import type { FastifyInstance } from 'fastify';

/** How long a readiness check waits for a dependency before calling it down. */
export const READY_TIMEOUT_MS = 2000;

export type ReadinessCheck = () => Promise<unknown>;

/**
 * `GET /healthz` (the process is alive and serving) and `GET /readyz` (its dependencies answer within
 * READY_TIMEOUT_MS; 503 otherwise, and while shutting down). No session needed, nothing secret in
 * the body, and no rate limit: load balancers and Kubernetes probes call them every few seconds.
 */
export function registerHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  isClosing: () => boolean,
): void {
  const open = { config: { rateLimit: false } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    if (isClosing()) {
      reply.header('retry-after', '5');
      return reply.status(503).send({ status: 'closing' });
    }
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => withTimeout(checks[name] as ReadinessCheck)));
    const report = Object.fromEntries(
      names.map((name, index) => [name, results[index] ? 'ok' : 'unavailable']),
    );
    const ready = results.every(Boolean);
    if (!ready) reply.header('retry-after', '5');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: report });
  });
}

async function withTimeout(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
