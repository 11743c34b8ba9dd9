import type { FastifyRequest } from 'fastify';

/** The string fields of a urlencoded form body (repeated or odd fields are dropped). */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') fields[name] = value;
  return fields;
}
