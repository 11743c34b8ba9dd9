import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { revokeAppAccess } from '../oidc/revoke.js';
import { accountKeys } from './admin.js';
import { attemptKeys } from './attempts/rules.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { saveProfile } from './my-account.js';
import { normalizeDisplayName, normalizeEmail } from './profile.js';
import { requireReauthentication, type SensitiveRequest } from './reauth.js';
import { endSessionByPublicId, listSessions, type SessionInfo } from './session-list.js';
import { endUserSessions } from './sessions.js';
import { getUser } from './users.js';

/**
 * An administrator's change to another account: who asks (their session, for the re-authentication
 * rule) and who acts, for the audit log.
 */
export type AdminRequest = SensitiveRequest;

/**
 * Refuses a change that would leave no enabled administrator: the last one may not disable, delete or
 * demote themself (or be disabled, deleted or demoted by anyone). Throws LAST_ADMINISTRATOR.
 */
async function keepAnAdministrator(db: Kysely<DB>, user: { id: number; role: Role }): Promise<void> {
  if (user.role !== 'admin') return;
  const others = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .where('id', '!=', user.id)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw new AppError('LAST_ADMINISTRATOR');
}

/**
 * Disables an account: no sign-in of any kind (password, code, passkey, apps, forward-auth), every
 * session ends and every app's tokens are revoked. Enabling lets the person sign in again.
 */
export async function setUserDisabled(
  ctx: ServiceContext,
  request: AdminRequest,
  username: unknown,
  disabled: boolean,
): Promise<void> {
  const user = await getUser(ctx, username);
  await requireReauthentication(ctx, request, disabled ? 'user_disable' : 'user_enable');
  await ctx.db.transaction().execute(async (trx) => {
    if (disabled) await keepAnAdministrator(trx, user);
    await trx
      .updateTable('users')
      .set({ disabled_at: disabled ? ctx.now() : null })
      .where('id', '=', user.id)
      .execute();
  });
  if (disabled) await endUserSessions(ctx, user.id);
  await recordAudit(ctx, {
    event: disabled ? 'user.disabled' : 'user.enabled',
    actor: request.actor,
    target: user.username,
  });
}

/**
 * Deletes an account with everything that belongs to it (keys, codes, passkeys, sessions, app
 * tokens). The audit log keeps its name: entries name users as text, not by row.
 */
export async function deleteUser(
  ctx: ServiceContext,
  request: AdminRequest,
  username: unknown,
): Promise<void> {
  const user = await getUser(ctx, username);
  await requireReauthentication(ctx, request, 'user_delete');
  await revokeAppAccess(ctx, user.id);
  await ctx.db.transaction().execute(async (trx) => {
    await keepAnAdministrator(trx, user);
    await trx.deleteFrom('oidc_subjects').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
  });
  await ctx.attempts.clear(accountKeys(user), [attemptKeys.devicePrefix(user.username)]);
  await recordAudit(ctx, { event: 'user.deleted', actor: request.actor, target: user.username });
}

/**
 * Changes a user's role, display name or email address (each optional). A new role takes effect on
 * the person's next request: sessions read the role from the account, not from the session.
 */
export async function updateUser(
  ctx: ServiceContext,
  request: AdminRequest,
  username: unknown,
  input: { role?: unknown; displayName?: unknown; email?: unknown },
): Promise<void> {
  const user = await getUser(ctx, username);
  const row = await ctx.db
    .selectFrom('users')
    .select(['display_name', 'email'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const current = { displayName: row.display_name, email: row.email };
  const next = {
    displayName:
      input.displayName === undefined ? current.displayName : normalizeDisplayName(input.displayName),
    email: input.email === undefined ? current.email : normalizeEmail(input.email),
  };
  const role = input.role === undefined || input.role === '' ? user.role : input.role;
  if (role !== 'user' && role !== 'admin') {
    throw new AppError('BAD_REQUEST', undefined, 'role must be "user" or "admin".');
  }
  if (role !== user.role || next.email !== current.email)
    await requireReauthentication(ctx, request, 'user_update');
  if (role !== user.role) {
    await ctx.db.transaction().execute(async (trx) => {
      if (role === 'user') await keepAnAdministrator(trx, user);
      await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute();
    });
    await recordAudit(ctx, {
      event: 'user.role_changed',
      actor: request.actor,
      target: user.username,
      details: { from: user.role, to: role },
    });
  }
  await saveProfile(ctx, user.id, current, next, { actor: request.actor, target: user.username });
}

/** A user's live sessions, for the administrator. */
export async function userSessions(ctx: ServiceContext, username: unknown): Promise<SessionInfo[]> {
  const user = await getUser(ctx, username);
  return listSessions(ctx, user.id);
}

/** Ends one session of a user (`id` from userSessions), or all of them with `id` undefined. */
export async function endUserSession(
  ctx: ServiceContext,
  actor: Actor,
  username: unknown,
  id: unknown,
): Promise<void> {
  const user = await getUser(ctx, username);
  if (id === undefined) {
    await endUserSessions(ctx, user.id);
  } else await endSessionByPublicId(ctx, user.id, id);
  await recordAudit(ctx, {
    event: 'session.ended',
    actor,
    target: user.username,
    details: { all: id === undefined },
  });
}
