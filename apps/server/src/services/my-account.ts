import { hashPassword } from '../crypto/password.js';
import { AppError } from '../errors.js';
import { recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { checkPasswordPolicy } from './password-policy.js';
import { isUniqueViolation, normalizeDisplayName, normalizeEmail, type Profile } from './profile.js';
import {
  hasSecondFactor,
  requireReauthentication,
  type SensitiveRequest,
  verifyCurrentPassword,
} from './reauth.js';
import { endSessionByPublicId, listSessions, type SessionInfo } from './session-list.js';
import { endUserSessions, promoteSession, type Session } from './sessions.js';
import { getSettings } from './settings.js';

/** The person's own profile. */
export async function getProfile(ctx: ServiceContext, userId: number): Promise<Profile> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['display_name', 'email'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return { displayName: row.display_name, email: row.email };
}

/**
 * Changes the person's own password: the current one is always required (and counted like a sign-in
 * when wrong), a second factor too unless proven within the re-authentication window; the new one
 * follows the password policy. Every other session of the person ends, and their sign-ins to apps.
 * A session signed in with a one-time password moves on (to the registration when two-factor is
 * required) under a new token, returned for the cookie.
 */
export async function changePassword(
  ctx: ServiceContext,
  request: SensitiveRequest & { token: string | undefined },
  input: { currentPassword: unknown; newPassword: unknown },
): Promise<{ session?: { token: string; expiresAt: number } }> {
  const { session, actor } = request;
  const purpose = 'password_change';
  if (typeof input.currentPassword !== 'string' || input.currentPassword === '')
    throw new AppError('WRONG_PASSWORD');
  // A proof renews the session's token: what follows works on the session as it now is.
  let cookie: { token: string; expiresAt: number } | undefined;
  const asking: SensitiveRequest = {
    ...request,
    onRenewed: (renewed) => {
      cookie = renewed;
      request.onRenewed?.(renewed);
    },
  };
  let current: Session;
  if (await hasSecondFactor(ctx, session.userId)) {
    await verifyCurrentPassword(ctx, request, input.currentPassword, purpose);
    const { code, recoveryCode } = request.proof ?? {};
    current = await requireReauthentication(ctx, { ...asking, proof: { code, recoveryCode } }, purpose);
  } else {
    // Without a second factor the current password is the proof the rule asks for.
    current = await requireReauthentication(
      ctx,
      { ...asking, proof: { password: input.currentPassword } },
      purpose,
    );
  }
  const password = await checkPasswordPolicy(ctx, input.newPassword, session.username);
  if (password === input.currentPassword) throw new AppError('PASSWORD_UNCHANGED');
  const passwordHash = await hashPassword(password);
  await ctx.db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 0 })
    .where('id', '=', session.userId)
    .execute();
  await endUserSessions(ctx, session.userId, current.id);
  await recordAudit(ctx, { event: 'user.password_changed', actor, target: session.username });
  const token = cookie?.token ?? request.token;
  if (session.stage !== 'password_change' || token === undefined) return cookie ? { session: cookie } : {};
  // After a second factor (an administrator's reset of a person who has one) the sign-in is complete
  // with it; after the password alone, two-factor required sends the person on to register one.
  const proven = current.amr.filter((method) => method !== 'pwd');
  const { twoFactor } = await getSettings(ctx);
  const next = twoFactor === 'required' && proven.length === 0 ? 'enrollment' : 'full';
  const promoted = await promoteSession(ctx, token, 'password_change', next, {
    time: ctx.now(),
    amr: proven.length > 0 ? current.amr : ['pwd'],
  });
  if (!promoted) throw new AppError('UNAUTHENTICATED');
  return { session: promoted };
}

/**
 * Changes the person's display name and email address. A new email address is a sensitive change
 * (it is where mail about the account goes): it needs the re-authentication rule.
 */
export async function updateProfile(
  ctx: ServiceContext,
  request: SensitiveRequest,
  input: { displayName?: unknown; email?: unknown },
): Promise<Profile> {
  const { session, actor } = request;
  const current = await getProfile(ctx, session.userId);
  const next: Profile = {
    displayName:
      input.displayName === undefined ? current.displayName : normalizeDisplayName(input.displayName),
    email: input.email === undefined ? current.email : normalizeEmail(input.email),
  };
  if (next.email !== current.email) await requireReauthentication(ctx, request, 'email_change');
  await saveProfile(ctx, session.userId, current, next, { actor, target: session.username });
  return next;
}

/** Writes a profile and audits what changed (EMAIL_EXISTS when the address is someone else's). */
export async function saveProfile(
  ctx: ServiceContext,
  userId: number,
  current: Profile,
  next: Profile,
  audit: Pick<Parameters<typeof recordAudit>[1], 'actor' | 'target'>,
): Promise<void> {
  const changed = [
    ...(next.displayName !== current.displayName ? ['displayName'] : []),
    ...(next.email !== current.email ? ['email'] : []),
  ];
  if (changed.length === 0) return;
  try {
    await ctx.db
      .updateTable('users')
      .set({ display_name: next.displayName, email: next.email })
      .where('id', '=', userId)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('EMAIL_EXISTS');
    throw error;
  }
  await recordAudit(ctx, { event: 'user.profile_changed', ...audit, details: { changed } });
}

/** The person's own sessions, this one marked. */
export function mySessions(ctx: ServiceContext, session: Session): Promise<SessionInfo[]> {
  return listSessions(ctx, session.userId, session.id);
}

/** Signs out one of the person's other browsers (a sensitive change: the re-authentication rule). */
export async function endMySession(
  ctx: ServiceContext,
  request: SensitiveRequest,
  id: unknown,
): Promise<void> {
  const { session, actor } = request;
  await requireReauthentication(ctx, request, 'end_session');
  await endSessionByPublicId(ctx, session.userId, id);
  await recordAudit(ctx, { event: 'session.ended', actor, target: session.username });
}

/** Signs out every other browser of the person, and their sign-ins to apps. */
export async function endMyOtherSessions(ctx: ServiceContext, request: SensitiveRequest): Promise<void> {
  const { session, actor } = request;
  // The session as it now is: a proof just gave it a new id.
  const current = await requireReauthentication(ctx, request, 'end_sessions');
  await endUserSessions(ctx, session.userId, current.id);
  await recordAudit(ctx, { event: 'sessions.ended_others', actor, target: session.username });
}
