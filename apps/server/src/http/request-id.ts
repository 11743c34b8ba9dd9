import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An incoming X-Request-Id is kept when it is plain (no spaces or control characters in logs). */
const PLAIN_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request id: the caller's `X-Request-Id` (from a proxy or another service) when it is plain,
 * otherwise a random UUID, unique across instances (Fastify's default counts from 1 per process).
 */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && PLAIN_ID.test(given) ? given : randomUUID();
}
