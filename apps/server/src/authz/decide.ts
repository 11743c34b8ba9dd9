import type { HostRule } from './host-rules.js';
import type { AuthzSession } from './session.js';

/** What the proxy is told: let the request through, send the person to sign in, or refuse. */
export type Decision =
  | { kind: 'allow'; session: AuthzSession }
  | { kind: 'sign-in'; reason: 'no-session' | 'two-factor' }
  | { kind: 'forbidden'; reason: 'unprotected-host' | 'not-allowed' };

/**
 * The access decision for one request. A host without a rule is refused (default deny, as in
 * Authelia): putting an app behind the proxy is not enough, an administrator must say who may enter.
 */
export function decide(rule: HostRule | undefined, session: AuthzSession | undefined): Decision {
  if (!rule) return { kind: 'forbidden', reason: 'unprotected-host' };
  // A session still waiting for its code, or for a required registration, is not signed in yet.
  if (session?.stage !== 'full') return { kind: 'sign-in', reason: 'no-session' };
  if (!mayEnter(rule, session)) return { kind: 'forbidden', reason: 'not-allowed' };
  if (rule.twoFactor && !session.twoFactor) return { kind: 'sign-in', reason: 'two-factor' };
  return { kind: 'allow', session };
}

function mayEnter(rule: HostRule, session: AuthzSession): boolean {
  if (rule.users.size === 0 && rule.roles.size === 0) return true;
  return rule.users.has(session.username) || rule.roles.has(session.role);
}
