import { makeOneTimePassword } from '../crypto/one-time-password.js';
import type { Role } from '../db/schema.js';
import { notify } from '../mail/notify.js';
import type { Actor, ServiceContext } from './context.js';
import { passwordMinLength } from './password-policy.js';
import { issuePasswordLink } from './password-reset.js';
import { normalizeDisplayName, normalizeEmail } from './profile.js';
import { getSettings } from './settings.js';
import { createUser } from './users.js';

/** How long the link mailed to a new user works: long enough to be read the next working day. */
export const WELCOME_LINK_HOURS = 24;

/** The address of the page where a link's token sets a password. */
export type PasswordLinkURL = (token: string) => string;

/** A user an administrator created, and how they get their first password. */
export interface NewUser {
  username: string;
  role: Role;
  /** Made up by the service: shown once to the administrator, to hand over; never stored in clear. */
  oneTimePassword?: string;
  /** A link to set their own password was mailed to them (mail configured, address given). */
  linkMailed: boolean;
}

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
  // Absent or empty: none typed. Anything else goes to the password policy (which refuses non-text).
  const typed = input.password === undefined || input.password === '' ? undefined : input.password;
  const mailed = ctx.mailer !== undefined && email !== null && typed === undefined;
  const madeUp =
    typed === undefined ? makeOneTimePassword(passwordMinLength(await getSettings(ctx))) : undefined;
  const user = await createUser(
    ctx,
    {
      username: input.username,
      password: typed ?? madeUp,
      role: input.role,
      email,
      displayName,
      oneTime: true,
    },
    actor,
  );
  if (mailed) await mailPasswordLinks(ctx, [user.username], linkURL);
  return {
    username: user.username,
    role: user.role,
    ...(madeUp !== undefined && !mailed ? { oneTimePassword: madeUp } : {}),
    linkMailed: mailed,
  };
}

/** Mails each of these (new) users a single-use link to set their password, in the background. */
export async function mailPasswordLinks(
  ctx: ServiceContext,
  usernames: readonly string[],
  linkURL: PasswordLinkURL,
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
      notify(ctx, { userId: user.id }, 'account_created', {
        username: user.username,
        link: linkURL(token),
        hours: WELCOME_LINK_HOURS,
      });
    }
  }
}
