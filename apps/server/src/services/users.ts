import { hashPassword } from '../crypto/password.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from './audit.js';
import { confusableSkeleton } from './confusables.js';
import type { Actor, ServiceContext } from './context.js';
import { checkPasswordPolicy } from './password-policy.js';
import { isUniqueViolation } from './profile.js';
import { endUserSessions } from './sessions.js';

export interface User {
  id: number;
  username: string;
  role: Role;
}

/**
 * The canonical form of a username (NFKC, lower case) or an INVALID_USERNAME error. Letters and
 * digits of any script are allowed, so 山田 and yamada are both names; spaces and controls are not.
 */
export function normalizeUsername(input: unknown): string {
  if (typeof input !== 'string' || input.length > 256) throw new AppError('INVALID_USERNAME');
  const name = input.normalize('NFKC').trim().toLowerCase();
  if (!/^[\p{L}\p{M}\p{N}._@-]{1,64}$/u.test(name)) throw new AppError('INVALID_USERNAME');
  return name;
}

/**
 * Creates a user; USER_EXISTS when the (normalised) name is taken, USERNAME_CONFUSABLE when it looks
 * like a name that is (`аdmin` with a Cyrillic а, `admın` with a dotless ı, next to `admin`).
 */
export async function createUser(
  ctx: ServiceContext,
  input: {
    username: unknown;
    password: unknown;
    role?: unknown;
    email?: string | null;
    displayName?: string | null;
    /** A password someone else knows: replaced at the first sign-in. */
    oneTime?: boolean;
  },
  actor: Actor,
): Promise<User> {
  const username = normalizeUsername(input.username);
  const password = await checkPasswordPolicy(ctx, input.password, username);
  const role = input.role ?? 'user';
  if (role !== 'user' && role !== 'admin') {
    throw new AppError('BAD_REQUEST', undefined, 'role must be "user" or "admin".');
  }
  if (await findUser(ctx, username)) throw new AppError('USER_EXISTS');
  if (await confusableWith(ctx, username)) throw new AppError('USERNAME_CONFUSABLE');
  const email = input.email ?? null;
  if (email !== null && (await emailTaken(ctx, email))) throw new AppError('EMAIL_EXISTS');
  const passwordHash = await hashPassword(password);
  let id: number;
  try {
    const row = await ctx.db
      .insertInto('users')
      .values({
        username,
        password_hash: passwordHash,
        role,
        created_at: ctx.now(),
        email,
        display_name: input.displayName ?? null,
        must_change_password: input.oneTime ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('USER_EXISTS');
    throw error;
  }
  await recordAudit(ctx, { event: 'user.created', actor, target: username, details: { role } });
  return { id, username, role };
}

// Compared in memory with every name: creating a user is a rare administrator action, and a stored
// skeleton column would need the skeletons of existing names recomputed whenever Unicode's table grows.
async function confusableWith(ctx: ServiceContext, username: string): Promise<boolean> {
  const skeleton = confusableSkeleton(username);
  const rows = await ctx.db.selectFrom('users').select('username').execute();
  return rows.some((row) => confusableSkeleton(row.username) === skeleton);
}

async function emailTaken(ctx: ServiceContext, email: string): Promise<boolean> {
  const row = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

/** A user by (normalised) name, or undefined. */
export async function findUser(ctx: ServiceContext, username: string): Promise<User | undefined> {
  return ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/** A user by name, or USER_NOT_FOUND. */
export async function getUser(ctx: ServiceContext, username: unknown): Promise<User> {
  const user = await findUser(ctx, normalizeUsername(username));
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}

/**
 * Sets a new password and ends every session of the user. `oneTime`: a password someone else knows,
 * replaced at the next sign-in; otherwise it lasts.
 */
export async function resetPassword(
  ctx: ServiceContext,
  input: { username: unknown; password: unknown; oneTime?: boolean },
  actor: Actor,
): Promise<void> {
  const user = await getUser(ctx, input.username);
  const passwordHash = await hashPassword(await checkPasswordPolicy(ctx, input.password, user.username));
  await ctx.db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: input.oneTime ? 1 : 0 })
    .where('id', '=', user.id)
    .execute();
  await endUserSessions(ctx, user.id);
  await recordAudit(ctx, {
    event: 'user.password_reset',
    actor,
    target: user.username,
    details: { oneTime: input.oneTime === true },
  });
}

/** Number of users; start-up creates the first administrator when it is 0. */
export async function countUsers(ctx: ServiceContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
