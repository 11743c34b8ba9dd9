import type { Actor, ServiceContext } from './context.js';

/** Security events written to the audit log. */
export type AuditEvent =
  | 'login.succeeded'
  | 'login.password_failed'
  | 'login.code_failed'
  | 'login.code_replayed'
  | 'login.refused_locked'
  | 'account.locked'
  | 'account.unlocked'
  | 'logout'
  | 'two_factor.enabled'
  | 'two_factor.rekeyed'
  | 'two_factor.disabled'
  | 'two_factor.reset'
  | 'recovery_code.used'
  | 'reauthenticated'
  | 'two_factor.policy_off'
  | 'recovery_codes.regenerated'
  | 'user.created'
  | 'user.password_reset'
  | 'settings.changed'
  | 'database.migrated'
  | 'secret_key.rotated'
  | 'protected_host.added'
  | 'protected_host.changed'
  | 'protected_host.removed'
  | 'app.created'
  | 'app.updated'
  | 'app.deleted'
  | 'app.secret_rotated'
  | 'app.sign_in'
  | 'oidc.keys_rotated'
  | 'login.passkey_failed'
  | 'passkey.added'
  | 'passkey.renamed'
  | 'passkey.removed'
  | 'passkey.refused'
  | 'passkey.clone_suspected'
  | 'passkey.used'
  | 'api_token.created'
  | 'api_token.revoked'
  | 'password_reset.requested'
  | 'password_reset.completed'
  | 'login.refused_disabled'
  | 'user.password_changed'
  | 'user.profile_changed'
  | 'user.role_changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.deleted'
  | 'users.imported'
  | 'users.exported'
  | 'session.ended'
  | 'sessions.ended_others';

export interface AuditEntry {
  id: number;
  /** Epoch milliseconds. */
  at: number;
  event: AuditEvent;
  /** Who acted (null for anonymous attempts). */
  actor: string | null;
  /** The account acted on. */
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditRecord {
  event: AuditEvent;
  actor: Actor;
  target?: string | null;
  details?: object;
}

/** Appends one event to the audit log. */
export async function recordAudit(ctx: ServiceContext, record: AuditRecord): Promise<void> {
  await ctx.db.insertInto('audit_log').values(auditRow(ctx, record)).execute();
}

/** The audit_log row of one event, as recordAudit writes it. */
export function auditRow(ctx: ServiceContext, record: AuditRecord) {
  return {
    at: ctx.now(),
    event: record.event,
    actor: record.actor.username,
    target: record.target ?? null,
    ip: record.actor.ip,
    details: detailsOf(record),
  };
}

/** The entry's details, naming the API token when one acted (its creator is the actor). */
function detailsOf(record: AuditRecord): string | null {
  const token = record.actor.token;
  if (!record.details && !token) return null;
  return JSON.stringify(token ? { ...record.details, viaToken: token } : record.details);
}

/** The API token an entry's actor used, if any (`details.viaToken`). */
export function actingToken(details: Record<string, unknown> | null): string | undefined {
  const token = details?.viaToken as { name?: unknown } | undefined;
  return typeof token?.name === 'string' ? token.name : undefined;
}

/** Largest value of an id column (a 32-bit integer on PostgreSQL). */
export const MAX_AUDIT_ID = 2 ** 31 - 1;

/** The newest events first; `before` (an entry id) pages further back. */
export async function listAudit(
  ctx: ServiceContext,
  options: { limit?: number; before?: number; target?: string } = {},
): Promise<AuditEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
  // Ids are database integers: a larger `before` means "from the newest" (and must not overflow).
  if (options.before !== undefined) query = query.where('id', '<', Math.min(options.before, MAX_AUDIT_ID));
  if (options.target !== undefined) query = query.where('target', '=', options.target);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    event: row.event as AuditEvent,
    actor: row.actor,
    target: row.target,
    ip: row.ip,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  }));
}

/** Deletes audit entries older than `days` (the retention setting); returns how many went. */
export async function deleteOldAudit(ctx: ServiceContext, days: number): Promise<number> {
  const result = await ctx.db
    .deleteFrom('audit_log')
    .where('at', '<', ctx.now() - days * 86_400_000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
