import type { ServiceContext } from '../services/context.js';
import { type Decision, decide } from './decide.js';
import { findRule, rememberedRules, ruleForHost } from './host-rules.js';
import { authzSession, rememberedAuthzSession } from './session.js';

/** The decision for a session cookie token on a host: the whole forward-auth check but the HTTP. */
export async function checkAccess(
  ctx: ServiceContext,
  token: string | undefined,
  hostname: string,
): Promise<Decision> {
  const rule = await ruleForHost(ctx, hostname);
  // No rule, no need to look at the session: the host is refused to everyone.
  const session = rule ? await authzSession(ctx, token) : undefined;
  return decide(rule, session);
}

/**
 * The decision `checkAccess` would give, when this process can give it from memory without waiting
 * (fresh rules, a remembered session whose "last seen" need not move); undefined otherwise. Most
 * checks are answered here, without a promise.
 */
export function rememberedAccess(
  ctx: ServiceContext,
  token: string | undefined,
  hostname: string,
): Decision | undefined {
  const rules = rememberedRules(ctx);
  if (!rules) return undefined;
  const rule = findRule(rules, hostname);
  if (!rule) return decide(undefined, undefined);
  const session = rememberedAuthzSession(ctx, token);
  return session ? decide(rule, session) : undefined;
}
