import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../errors.js';
import { requireSession } from '../http/session-cookie.js';
import {
  type AuditQuery,
  auditCSV,
  exportAudit,
  findAudit,
  parseAuditFilter,
} from '../services/audit-query.js';

type AuditRoute = { Querystring: AuditQuery & { limit?: unknown; before?: unknown } };

/** `/api/admin/audit`: the audit log, filtered by `user`, `event`, `from`, `to`, paged, or as CSV. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  app.addHook('preHandler', requireSession({ admin: true }));

  app.get<AuditRoute>('/admin/audit', async (request) => {
    const limit = queryCount(request.query.limit, 'limit') ?? 100;
    const before = queryCount(request.query.before, 'before');
    const events = await findAudit(ctx, parseAuditFilter(request.query), { limit, before });
    return { events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })) };
  });

  app.get<AuditRoute>('/admin/audit.csv', async (request, reply) => sendAuditCSV(reply, request.query));
};

/** Answers with the events matching the query's filter as a CSV download (API and console alike). */
export async function sendAuditCSV(reply: FastifyReply, query: AuditQuery): Promise<FastifyReply> {
  const csv = auditCSV(await exportAudit(reply.server.kakunin, parseAuditFilter(query)));
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="kakunin-audit.csv"')
    .send(csv);
}

/** A whole-number query parameter, undefined when absent; BAD_REQUEST otherwise. */
function queryCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw new AppError('BAD_REQUEST', undefined, `${name} must be a whole number.`);
  }
  return Number(value);
}
