import { AppError } from '../errors.js';
import { type AuditEntry, type AuditEvent, MAX_AUDIT_ID } from './audit.js';
import type { ServiceContext } from './context.js';

/** What the audit log can be narrowed to; every part is optional. */
export interface AuditFilter {
  /** A person, as the one who acted or the one acted on. */
  user?: string | undefined;
  event?: string | undefined;
  /** From this moment (epoch ms, inclusive). */
  from?: number | undefined;
  /** Until this moment (epoch ms, exclusive). */
  to?: number | undefined;
}

/**
 * The newest matching events first; `before` (an entry id) pages further back. Each filter has an
 * index (migration 0010), so a page costs the same with a million rows as with a hundred.
 */
export async function findAudit(
  ctx: ServiceContext,
  filter: AuditFilter,
  page: { limit: number; before?: number | undefined },
): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(page.limit, 1), 1000);
  let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  if (page.before !== undefined) query = query.where('id', '<', Math.min(page.before, MAX_AUDIT_ID));
  const { user, event, from, to } = filter;
  if (user !== undefined)
    query = query.where((eb) => eb.or([eb('actor', '=', user), eb('target', '=', user)]));
  if (event !== undefined) query = query.where('event', '=', event);
  if (from !== undefined) query = query.where('at', '>=', from);
  if (to !== undefined) query = query.where('at', '<', to);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    at: Number(row.at),
    event: row.event as AuditEvent,
    actor: row.actor,
    target: row.target,
    ip: row.ip,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  }));
}

/** Most rows one export holds; a larger log is exported in date ranges. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/** Every matching event (newest first, at most AUDIT_EXPORT_LIMIT), read in pages of 1,000. */
export async function exportAudit(ctx: ServiceContext, filter: AuditFilter): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let before: number | undefined;
  while (all.length < AUDIT_EXPORT_LIMIT) {
    const page = await findAudit(ctx, filter, { limit: 1000, before });
    all.push(...page);
    if (page.length < 1000) break;
    before = page.at(-1)?.id;
  }
  return all.slice(0, AUDIT_EXPORT_LIMIT);
}

/**
 * A spreadsheet cell that cannot run as a formula: text starting with = + - @ tab or CR gets a
 * leading apostrophe, and any cell with a comma, quote or line break is quoted (RFC 4180).
 * @see OWASP "CSV Injection"
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The events as CSV: times in ISO 8601 UTC, one header row, CRLF line ends. */
export function auditCSV(entries: readonly AuditEntry[]): string {
  const rows = [['time', 'event', 'user', 'actor', 'address', 'details']];
  for (const entry of entries) {
    rows.push([
      new Date(entry.at).toISOString(),
      entry.event,
      entry.target ?? '',
      entry.actor ?? '',
      entry.ip ?? '',
      entry.details ? JSON.stringify(entry.details) : '',
    ]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The filter as query parameters carry it (`user`, `event`, `from`, `to`); empty values mean "any". */
export type AuditQuery = Partial<Record<'user' | 'event' | 'from' | 'to', unknown>>;

/**
 * Reads a filter from query parameters. `from` and `to` are dates (`2026-12-01`, UTC days, `to`
 * included) or ISO date-times. BAD_REQUEST names the parameter that is not understood.
 */
export function parseAuditFilter(query: AuditQuery): AuditFilter {
  const text = (name: keyof AuditQuery): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    // No name or event holds a control character (and PostgreSQL's text cannot hold a NUL byte).
    if (typeof value !== 'string' || value.length > 256 || /\p{Cc}/u.test(value))
      throw new AppError('BAD_REQUEST', { parameter: name }, `${name} is not valid.`);
    return value.trim() || undefined;
  };
  const time = (name: 'from' | 'to'): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
    if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
      throw new AppError('BAD_REQUEST', { parameter: name }, `${name} must be a date like 2026-12-01.`);
    return day && name === 'to' ? ms + 86_400_000 : ms;
  };
  return { user: text('user')?.toLowerCase(), event: text('event'), from: time('from'), to: time('to') };
}
