import { makeOneTimePassword } from '../crypto/one-time-password.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { notify } from '../mail/notify.js';
import type { Actor, ServiceContext } from './context.js';
import { passwordMinLength } from './password-policy.js';
import { issuePasswordLink } from './password-reset.js';
import { normalizeDisplayName, normalizeEmail } from './profile.js';
import { getSettings } from './settings.js';
import { createUser, getUser, resetPassword } from './users.js';

/** How long the link mailed to a new user works: long enough to be read the next working day. */
export const WELCOME_LINK_HOURS = 24;

/** The address of the page where a link's token sets a password. */
export type PasswordLinkURL = (token: string) => string;

/** How a person gets a password from an administrator (a new account, or a reset). */
export interface PasswordHandover {
  /** Made up by the service: shown once to the administrator, to hand over; never stored in clear. */
  oneTimePassword?: string;
  /** A link to set their own password was mailed to them (mail configured, address known). */
  linkMailed: boolean;
}

/** A user an administrator created, and how they get their first password. */
export interface NewUser extends PasswordHandover {
  username: string;
  role: Role;
}

/**
 * The password an administrator gives someone: the one typed, else one made up here. With mail
 * configured and an address known, and none typed, a link is mailed instead (the made-up password,
 * never shown, only keeps the old one from working).
 */
async function passwordToGive(
  ctx: ServiceContext,
  password: unknown,
  email: string | null,
): Promise<{ password: unknown; madeUp: string | undefined; mailed: boolean }> {
  // Absent or empty: none typed. Anything else goes to the password policy (which refuses non-text).
  const typed = password === undefined || password === '' ? undefined : password;
  const madeUp =
    typed === undefined ? makeOneTimePassword(passwordMinLength(await getSettings(ctx))) : undefined;
  const mailed = ctx.mailer !== undefined && email !== null && typed === undefined;
  return { password: typed ?? madeUp, madeUp, mailed };
}

/** What the administrator is told: the made-up password when it is theirs to hand over. */
const handover = (given: { madeUp: string | undefined; mailed: boolean }): PasswordHandover => ({
  ...(given.madeUp !== undefined && !given.mailed ? { oneTimePassword: given.madeUp } : {}),
  linkMailed: given.mailed,
});

/**
 * An administrator creates a user. Whatever happens, the first password is not the person's own:
 * with mail configured and an address given (and no password typed), they are mailed a single-use
 * link to set one; otherwise they get a one-time password — the administrator's, or one made up here
 * and returned once — that has to be replaced at the first sign-in.
 */
export async function addUser(
  ctx: ServiceContext,
  input: { username: unknown; password?: unknown; role?: unknown; email?: unknown; displayName?: unknown },
  actor: Actor,
  linkURL: PasswordLinkURL,
): Promise<NewUser> {
  const email = normalizeEmail(input.email);
  const displayName = normalizeDisplayName(input.displayName);
  const given = await passwordToGive(ctx, input.password, email);
  const user = await createUser(
    ctx,
    {
      username: input.username,
      password: given.password,
      role: input.role,
      email,
      displayName,
      oneTime: true,
    },
    actor,
  );
  if (given.mailed) await mailPasswordLinks(ctx, [user.username], linkURL);
  return { username: user.username, role: user.role, ...handover(given) };
}

/**
 * An administrator resets a user's password, as when creating a user: the new one is theirs, not
 * the person's — typed, or made up and returned once, or (mail configured, an address known, none
 * typed) a mailed link — and is replaced at the next sign-in. Every session of the user ends.
 * `temporary: false` (with a typed password only) sets a password that lasts.
 */
export async function resetUserPassword(
  ctx: ServiceContext,
  input: { username: unknown; password?: unknown; temporary?: unknown },
  actor: Actor,
  linkURL: PasswordLinkURL,
): Promise<PasswordHandover> {
  const { temporary = true } = input;
  if (typeof temporary !== 'boolean')
    throw new AppError('BAD_REQUEST', undefined, 'temporary must be true or false.');
  const user = await getUser(ctx, input.username);
  const { email } = await ctx.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const given = await passwordToGive(ctx, input.password, temporary ? email : null);
  if (!temporary && given.madeUp !== undefined) throw new AppError('PASSWORD_REQUIRED');
  await resetPassword(ctx, { username: user.username, password: given.password, oneTime: temporary }, actor);
  if (given.mailed) await mailPasswordLinks(ctx, [user.username], linkURL, 'password_reset_by_admin');
  return handover(given);
}

/**
 * Mails each of these users a single-use link to set their password, in the background: new users
 * (`account_created`), or users whose password an administrator reset.
 */
export async function mailPasswordLinks(
  ctx: ServiceContext,
  usernames: readonly string[],
  linkURL: PasswordLinkURL,
  notice: 'account_created' | 'password_reset_by_admin' = 'account_created',
): Promise<void> {
  if (!ctx.mailer) return;
  for (let start = 0; start < usernames.length; start += 200) {
    const users = await ctx.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', usernames.slice(start, start + 200))
      .execute();
    for (const user of users) {
      const token = await issuePasswordLink(ctx, user.id, WELCOME_LINK_HOURS * 60);
      notify(ctx, { userId: user.id }, notice, {
        username: user.username,
        link: linkURL(token),
        hours: WELCOME_LINK_HOURS,
      });
    }
  }
}
