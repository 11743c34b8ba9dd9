import type { Role } from '../db/schema.js';
import type { ServiceContext } from '../services/context.js';

/** A rule as the check uses it. */
export interface HostRule {
  host: string;
  users: ReadonlySet<string>;
  roles: ReadonlySet<Role>;
  twoFactor: boolean;
}

/**
 * How long this process keeps the rules before reading them again. A change made on another
 * instance applies here within this time; a change made here applies at once.
 */
export const RULES_TTL_MS = 1000;

/** This process's copy of the rules. */
export interface HostRules {
  loadedAt: number;
  exact: Map<string, HostRule>;
  /** `*.domain` rules by domain. */
  wildcard: Map<string, HostRule>;
  loading: Promise<HostRules> | undefined;
}

const caches = new WeakMap<ServiceContext, HostRules>();

/** The rule for a host name (port ignored): exact name first, then the nearest `*.domain`. */
export async function ruleForHost(ctx: ServiceContext, hostname: string): Promise<HostRule | undefined> {
  return findRule(await rules(ctx), hostname);
}

/** The rules when this process's copy is fresh (read less than RULES_TTL_MS ago), without waiting. */
export function rememberedRules(ctx: ServiceContext): HostRules | undefined {
  const cached = caches.get(ctx);
  return cached && Date.now() - cached.loadedAt < RULES_TTL_MS ? cached : undefined;
}

/** The rule for a host name in `cache`: exact name first, then the nearest `*.domain`. */
export function findRule(cache: HostRules, hostname: string): HostRule | undefined {
  const lower = hostname.toLowerCase();
  const host = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  const exact = cache.exact.get(host);
  if (exact) return exact;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    const rule = cache.wildcard.get(host.slice(dot + 1));
    if (rule) return rule;
  }
  return undefined;
}

/** Drops this process's copy after a change (the next check reads the table). */
export function forgetHostRules(ctx: ServiceContext): void {
  caches.delete(ctx);
}

async function rules(ctx: ServiceContext): Promise<HostRules> {
  const cached = caches.get(ctx);
  const now = Date.now();
  if (cached && now - cached.loadedAt < RULES_TTL_MS) return cached;
  // One read per expiry however many checks arrive meanwhile; they use the old copy until it lands.
  if (cached?.loading) return cached;
  const loading = load(ctx, now);
  if (cached) cached.loading = loading;
  try {
    const fresh = await loading;
    if (caches.get(ctx) === cached) caches.set(ctx, fresh);
    return fresh;
  } finally {
    if (cached) cached.loading = undefined;
  }
}

async function load(ctx: ServiceContext, now: number): Promise<HostRules> {
  const rows = await ctx.db.selectFrom('protected_hosts').selectAll().execute();
  const exact = new Map<string, HostRule>();
  const wildcard = new Map<string, HostRule>();
  for (const row of rows) {
    const rule: HostRule = {
      host: row.host,
      users: new Set(JSON.parse(row.allowed_users) as string[]),
      roles: new Set(JSON.parse(row.allowed_roles) as Role[]),
      twoFactor: row.two_factor === 1,
    };
    if (row.host.startsWith('*.')) wildcard.set(row.host.slice(2), rule);
    else exact.set(row.host, rule);
  }
  return { loadedAt: now, exact, wildcard, loading: undefined };
}
