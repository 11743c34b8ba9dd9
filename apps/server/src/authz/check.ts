import type { ServiceContext } from '../services/context.js';
import { type Decision, decide } from './decide.js';
import { ruleForHost } from './host-rules.js';
import { authzSession } from './session.js';

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
