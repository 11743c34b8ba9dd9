import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { UNAVAILABLE_RETRY_SECONDS, unavailableDependency } from './unavailable.js';

/**
 * Maps anything thrown in a request to a catalogue error: expected failures keep their code,
 * framework errors (bad JSON, too large, CSRF, rate limit) get theirs, the rest is INTERNAL and logged.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (unavailableDependency(error))
    return new AppError('UNAVAILABLE', { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
  const { code, statusCode, validation } = error as Partial<FastifyError>;
  if (typeof code === 'string' && code.startsWith('FST_CSRF')) return new AppError('CSRF');
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
    return new AppError('MALFORMED_JSON');
  if (statusCode === 429) return new AppError('TOO_MANY_REQUESTS');
  if (validation)
    return new AppError('BAD_REQUEST', undefined, `The request is not valid: ${(error as Error).message}.`);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return statusCode === 404 ? new AppError('NOT_FOUND') : new AppError('BAD_REQUEST');
  }
  return new AppError('INTERNAL');
}

/** The one error handler: `{ "error": { "code", "message", ... } }` with the catalogue's status. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = toAppError(error);
  reportFault(request, error, appError);
  const retry = appError.details?.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  return reply
    .status(appError.status)
    .send({ error: { code: appError.code, message: appError.message, ...appError.details } });
}

/**
 * Logs what went wrong: a dependency fault once per kind every few seconds (an outage under load
 * must not write a stack trace per request), anything unexpected in full.
 */
export function reportFault(request: FastifyRequest, error: unknown, appError: AppError): void {
  const dependency = unavailableDependency(error);
  if (dependency) request.server.faultLog.report(dependency, error);
  else if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
}
