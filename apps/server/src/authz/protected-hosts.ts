import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../services/audit.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { normalizeUsername } from '../services/users.js';
import { forgetHostRules } from './host-rules.js';

/** Who may enter a host behind the proxy; no users and no roles = any signed-in user. */
export interface ProtectedHost {
  /** Lower-case host name without port, or `*.domain` for every name under it. */
  host: string;
  users: string[];
  roles: Role[];
  /** Only sessions signed in with a second factor may enter. */
  twoFactor: boolean;
}

const ROLES: readonly Role[] = ['admin', 'user'];
const MAX_LIST = 1000;

/** The rules, sorted by host. */
export async function listProtectedHosts(ctx: ServiceContext): Promise<ProtectedHost[]> {
  const rows = await ctx.db.selectFrom('protected_hosts').selectAll().orderBy('host').execute();
  return rows.map((row) => ({
    host: row.host,
    users: JSON.parse(row.allowed_users) as string[],
    roles: JSON.parse(row.allowed_roles) as Role[],
    twoFactor: row.two_factor === 1,
  }));
}

/** Adds a host (HOST_EXISTS when it has a rule) or replaces the rule of `existing`. */
export async function saveProtectedHost(
  ctx: ServiceContext,
  input: unknown,
  actor: Actor,
  existing?: string,
): Promise<ProtectedHost> {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const rule: ProtectedHost = {
    host: existing === undefined ? normalizeHost(fields.host) : normalizeHost(existing),
    users: unique(list(fields.users, 'users').map((name) => normalizeUsername(name))),
    roles: unique(list(fields.roles, 'roles').map(checkRole)),
    twoFactor: checkFlag(fields.twoFactor),
  };
  const values = {
    allowed_users: JSON.stringify(rule.users),
    allowed_roles: JSON.stringify(rule.roles),
    two_factor: rule.twoFactor ? 1 : 0,
    updated_at: ctx.now(),
  };
  if (existing === undefined) {
    try {
      await ctx.db
        .insertInto('protected_hosts')
        .values({ host: rule.host, ...values, created_at: ctx.now() })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('HOST_EXISTS');
      throw error;
    }
  } else {
    const result = await ctx.db
      .updateTable('protected_hosts')
      .set(values)
      .where('host', '=', rule.host)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new AppError('HOST_NOT_FOUND');
  }
  forgetHostRules(ctx);
  const event = existing === undefined ? 'protected_host.added' : 'protected_host.changed';
  await recordAudit(ctx, { event, actor, target: rule.host, details: { ...rule, host: undefined } });
  return rule;
}

/** Removes a host's rule: the proxy then refuses everyone there (default deny). */
export async function deleteProtectedHost(ctx: ServiceContext, host: string, actor: Actor): Promise<void> {
  const name = normalizeHost(host);
  const result = await ctx.db.deleteFrom('protected_hosts').where('host', '=', name).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new AppError('HOST_NOT_FOUND');
  forgetHostRules(ctx);
  await recordAudit(ctx, { event: 'protected_host.removed', actor, target: name });
}

/** `App.Example.com.` → `app.example.com`; `*.example.com` stays a wildcard; INVALID_HOST otherwise. */
export function normalizeHost(input: unknown): string {
  if (typeof input !== 'string') throw new AppError('INVALID_HOST');
  const host = input.trim().toLowerCase().replace(/\.$/, '');
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const pattern = new RegExp(`^(?:\\*\\.)?${label}(?:\\.${label})*$`);
  if (host.length > 253 || !pattern.test(host)) throw new AppError('INVALID_HOST');
  return host;
}

function list(value: unknown, name: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    throw new AppError('BAD_REQUEST', undefined, `${name} must be a list (at most ${MAX_LIST}).`);
  }
  return value;
}

function unique<T extends string>(values: T[]): T[] {
  return [...new Set(values)].sort();
}

function checkRole(value: unknown): Role {
  const role = ROLES.find((candidate) => candidate === value);
  if (!role) throw new AppError('BAD_REQUEST', undefined, 'roles may contain "admin" and "user".');
  return role;
}

function checkFlag(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new AppError('BAD_REQUEST', undefined, 'twoFactor must be true or false.');
  return value;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
