import type { FastifyInstance } from 'fastify';
import { sendAuditCSV } from '../../api/audit.js';
import { AppError } from '../../errors.js';
import { findAudit, parseAuditFilter } from '../../services/audit-query.js';
import { AUDIT_EVENT_NAMES, auditEventText, errorText } from '../error-text.js';
import { guarded } from '../guard.js';
import { pageContext } from '../page-context.js';
import { AdminAuditPage, type AuditFilterForm } from '../pages/admin-audit.js';
import { sendPage } from '../render.js';

/** Audit events per page. */
export const AUDIT_PAGE = 100;

type AuditRoute = { Querystring: AuditFilterForm & { before?: string } };

/** Administrator console → Audit log: the filtered list, its pages, and its CSV export. */
export function registerAudit(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  app.get<AuditRoute>('/admin/audit', admin, async (request, reply) => {
    const page = await pageContext(request, reply);
    const { user, event, from, to } = request.query;
    const form = { user, event, from, to };
    const eventLabel = (name: string) => auditEventText(page.t, name);
    const props = { ctx: page, eventLabel, eventNames: AUDIT_EVENT_NAMES, filter: form };
    let filter: ReturnType<typeof parseAuditFilter>;
    try {
      filter = parseAuditFilter(form);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const messages = { error: errorText(page.t, error) };
      return sendPage(reply, AdminAuditPage({ ...props, events: [], messages }), error.status);
    }
    const before = /^\d{1,15}$/.test(request.query.before ?? '') ? Number(request.query.before) : undefined;
    const events = await findAudit(ctx, filter, { limit: AUDIT_PAGE, before });
    // A full page may have older events behind it: link to them by the oldest id shown.
    const olderThan = events.length === AUDIT_PAGE ? events.at(-1)?.id : undefined;
    return sendPage(reply, AdminAuditPage({ ...props, events, olderThan }));
  });

  app.get<AuditRoute>('/admin/audit.csv', admin, async (request, reply) =>
    sendAuditCSV(reply, request.query),
  );
}
