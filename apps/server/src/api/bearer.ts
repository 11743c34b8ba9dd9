import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { authenticateAPIToken, type TokenIdentity } from '../services/api-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token a bearer request was made with; undefined for cookie sessions. */
    apiToken: TokenIdentity | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token of an `Authorization: Bearer …` header; undefined when the request has none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  // Another scheme, or a malformed header: still a token request, and an invalid one.
  return match?.[1] ?? '';
}

/**
 * Signs a bearer request in as its token (never as a cookie that came with it). A browser cannot add
 * the header to a cross-site request without a CORS preflight this service never grants, so the
 * CSRF check does not apply; the per-address limits do (authenticateAPIToken). Tokens reach the
 * administrator API only, a read-only token only reads, and no token manages tokens.
 */
export async function signInBearer(request: FastifyRequest, token: string): Promise<void> {
  const path = request.url.split('?')[0] ?? '';
  const identity = await authenticateAPIToken(request.server.kakunin, token, request.ip);
  if (!path.startsWith('/api/admin/') || path.startsWith('/api/admin/tokens'))
    throw new AppError('TOKEN_SCOPE');
  if (identity.scope === 'read' && !SAFE_METHODS.has(request.method)) throw new AppError('TOKEN_SCOPE');
  request.apiToken = identity;
  request.kakuninSession = identity.session;
}
