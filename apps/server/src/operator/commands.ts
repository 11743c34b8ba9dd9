import { hostname, userInfo } from 'node:os';
import { randomToken } from '../crypto/tokens.js';
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/open.js';
import { resetUserTwoFactor, unlockUser } from '../services/admin.js';
import { recordAudit } from '../services/audit.js';
import type { Actor, ServiceContext } from '../services/context.js';
import { resetPassword } from '../services/users.js';

/** The operator at the server's console, as the audit log names them. */
export function operatorActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host name still says where it came from.
  }
  return { username: `operator ${user}@${hostname()} (kakunin-server)`, ip: null };
}

/** Lifts every lock of a user (password, every browser's device counter, codes). */
export async function unlockCommand(ctx: ServiceContext, username: string): Promise<string> {
  await unlockUser(ctx, username, operatorActor());
  return `Unlocked ${username}: cleared the failed attempts of the password, of every browser and of the codes.`;
}

/**
 * Sets a new password and ends the user's sessions. A made-up password (shown once) is one-time, as
 * on the console: the user chooses their own at the next sign-in. A given one (checked by the
 * password policy) lasts, unless `oneTime`.
 */
export async function resetPasswordCommand(
  ctx: ServiceContext,
  username: string,
  password: string | undefined,
  options: { oneTime?: boolean } = {},
): Promise<string> {
  const chosen = password ?? randomToken(15);
  const oneTime = password === undefined || options.oneTime === true;
  await resetPassword(ctx, { username, password: chosen, oneTime }, operatorActor());
  await unlockUser(ctx, username, operatorActor());
  const done = `Reset the password of ${username}, ended their sessions and lifted their locks.`;
  if (password === undefined) {
    return `${done}\n\n    ${chosen}\n\nIt is shown only this once, and works once: they choose their own password at the next sign-in.`;
  }
  return oneTime ? `${done} They choose a new password at the next sign-in.` : done;
}

/** Removes a user's authenticator and recovery codes and ends their sessions. */
export async function resetTwoFactorCommand(ctx: ServiceContext, username: string): Promise<string> {
  await resetUserTwoFactor(ctx, username, operatorActor());
  return `Reset the two-factor authentication of ${username}: authenticator and recovery codes removed, sessions ended. They sign in with the password and register again.`;
}

/** Runs the migrations not applied yet and names them. */
export async function migrateCommand(database: Database, ctx: ServiceContext): Promise<string> {
  const applied = await migrate(database);
  if (applied.length === 0) return 'The database is up to date; no migration was needed.';
  await recordAudit(ctx, { event: 'database.migrated', actor: operatorActor(), details: { applied } });
  return `Applied ${applied.length} migration(s): ${applied.join(', ')}.`;
}
