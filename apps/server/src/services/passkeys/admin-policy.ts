import type { ServiceContext } from '../context.js';
import type { Session } from '../sessions.js';
import { getSettings } from '../settings.js';
import { hasPasskey } from './has-passkey.js';

/**
 * Whether this session's person must add a passkey before going on: an administrator without one
 * while the administrator requires a phishing-resistant factor for administrators.
 */
export async function needsPasskey(
  ctx: ServiceContext,
  session: Pick<Session, 'role' | 'userId'>,
): Promise<boolean> {
  if (session.role !== 'admin') return false;
  if (!(await getSettings(ctx)).adminsNeedPasskey) return false;
  return !(await hasPasskey(ctx, session.userId));
}
