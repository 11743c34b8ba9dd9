import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** The JSON body as an object of unknown fields (services check each field); BAD_REQUEST otherwise. */
export function jsonFields(request: FastifyRequest): Record<string, unknown> {
  const body = request.body === undefined ? {} : request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_REQUEST', undefined, 'Send a JSON object as the request body.');
  }
  return body as Record<string, unknown>;
}
