import { type Selectable, sql } from 'kysely';
import type { Role, UsersTable } from '../db/schema.js';
import { LOCKED_FOREVER } from '../db/schema.js';
import { notify } from '../mail/notify.js';
import { attemptKeys } from './attempts/rules.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { endUserSessions } from './sessions.js';
import { removeTwoFactor } from './two-factor.js';
import { getUser } from './users.js';

/** One row of the administrator's user list. */
export interface UserSummary {
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  createdAt: number;
  twoFactor: { enabled: boolean; pending: boolean };
  locked: boolean;
  /** Seconds until the lock ends; null = until unlocked or not locked. */
  lockRetryAfterSeconds: number | null;
  disabled: boolean;
  /** Signed in with a one-time password not yet replaced (or never signed in since it was given). */
  mustChangePassword: boolean;
}

/** Users per page of the administrator's list, unless asked otherwise. */
export const USERS_PAGE_SIZE = 50;

/** A page of the user list: the users of that page, and how many match in all. */
export interface UserPage {
  users: UserSummary[];
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/**
 * Users whose name, display name or email contains `query` (any case), by name, one page at a time.
 * One query for the page (with each user's two-factor state, and — for a search, which reads every
 * row anyway — the number of matches in the same pass) plus an index-only count for the plain list,
 * then the locks of that page's users only. Nothing is asked per row.
 */
export async function searchUsers(
  ctx: ServiceContext,
  input: { query?: string | undefined; page?: number | undefined; pageSize?: number | undefined } = {},
): Promise<UserPage> {
  const pageSize = Math.min(Math.max(input.pageSize ?? USERS_PAGE_SIZE, 1), 500);
  const page = Math.max(input.page ?? 1, 1);
  // No name holds a control character (PostgreSQL's text cannot even hold a NUL): they are left out.
  const query =
    input.query
      ?.normalize('NFKC')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .toLowerCase()
      .slice(0, 100) ?? '';
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const searching = query !== '';
  const matching = ctx.db
    .selectFrom('users')
    .$if(searching, (q) =>
      q.where((eb) =>
        eb.or([
          eb('username', 'like', sql<string>`${pattern} escape '\\'`),
          eb('email', 'like', sql<string>`${pattern} escape '\\'`),
          eb(eb.fn('lower', ['display_name']), 'like', sql<string>`${pattern} escape '\\'`),
        ]),
      ),
    );
  const countAll = () =>
    matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  // The page's rows first, then their two-factor state: only the page's users are looked up, not
  // every row an OFFSET skips or a search's count reads.
  const pageRows = matching
    .select(USER_COLUMNS)
    .$if(searching, (q) => q.select(sql<number | string>`count(*) over ()`.as('matches')))
    .orderBy('username')
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [rows, count] = await Promise.all([
    ctx.db
      .selectFrom(pageRows.as('users'))
      .selectAll()
      .select(TWO_FACTOR_STATES)
      .orderBy('username')
      .execute(),
    searching ? undefined : countAll(),
  ]);
  // A search's page past the last match has no row to carry the number: count it on its own.
  const total =
    count ?? (rows[0] ? { n: (rows[0] as { matches: number | string }).matches } : await countAll());
  return { users: await summarize(ctx, rows), total: Number(total.n), page, pageSize };
}

/** One user's row of the list, or USER_NOT_FOUND. */
export async function getUserSummary(ctx: ServiceContext, username: unknown): Promise<UserSummary> {
  const user = await getUser(ctx, username);
  const row = await ctx.db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .select(TWO_FACTOR_STATES)
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const [summary] = await summarize(ctx, [row]);
  return summary as UserSummary;
}

const USER_COLUMNS = [
  'id',
  'username',
  'role',
  'created_at',
  'display_name',
  'email',
  'disabled_at',
  'must_change_password',
] as const;

/** Whether the user has an active and a pending authenticator (the unique (user_id, state) index). */
const TWO_FACTOR_STATES = [
  sql<
    number | string
  >`(select count(*) from totp_credentials where user_id = users.id and state = 'active')`.as(
    'two_factor_active',
  ),
  sql<
    number | string
  >`(select count(*) from totp_credentials where user_id = users.id and state = 'pending')`.as(
    'two_factor_pending',
  ),
];

type UserRow = Pick<Selectable<UsersTable>, (typeof USER_COLUMNS)[number]> & {
  two_factor_active: number | string;
  two_factor_pending: number | string;
};

async function summarize(ctx: ServiceContext, users: UserRow[]): Promise<UserSummary[]> {
  if (users.length === 0) return [];
  const now = ctx.now();
  const locks = await ctx.attempts.lockedUntil(users.flatMap(accountKeys), now);
  return users.map((user) => {
    const lock = lockRemaining(accountKeys(user), locks, now);
    return {
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      role: user.role,
      createdAt: Number(user.created_at),
      twoFactor: {
        enabled: Number(user.two_factor_active) > 0,
        pending: Number(user.two_factor_pending) > 0,
      },
      locked: lock !== undefined,
      lockRetryAfterSeconds: lock ?? null,
      disabled: user.disabled_at !== null,
      mustChangePassword: user.must_change_password === 1,
    };
  });
}

/** Deletes a user's two-factor registration, passkeys and recovery codes and ends all their sessions. */
export async function resetUserTwoFactor(
  ctx: ServiceContext,
  username: unknown,
  actor: Actor,
): Promise<void> {
  const user = await getUser(ctx, username);
  await removeTwoFactor(ctx, user.id);
  // A reset covers every second factor: passkeys and security keys too.
  await ctx.db.deleteFrom('passkeys').where('user_id', '=', user.id).execute();
  await endUserSessions(ctx, user.id);
  await recordAudit(ctx, { event: 'two_factor.reset', actor, target: user.username });
  notify(ctx, { userId: user.id }, 'two_factor_reset');
}

/** Lifts a user's locks and clears every failure counter of theirs (password, devices, codes). */
export async function unlockUser(ctx: ServiceContext, username: unknown, actor: Actor): Promise<void> {
  const user = await getUser(ctx, username);
  await ctx.attempts.clear(accountKeys(user), [attemptKeys.devicePrefix(user.username)]);
  await recordAudit(ctx, { event: 'account.unlocked', actor, target: user.username });
}

/** The counters that lock an account for every browser: the shared password one and the codes'. */
export function accountKeys(user: { id: number; username: string }): string[] {
  return [
    attemptKeys.password(user.username),
    attemptKeys.totp(user.id),
    attemptKeys.recovery(user.id),
    attemptKeys.passkey(user.id),
  ];
}

/** Seconds until the account's last lock ends (null = until unlocked); undefined when not locked. */
function lockRemaining(keys: string[], locks: Map<string, number>, now: number): number | null | undefined {
  let longest: number | undefined;
  for (const key of keys) {
    const until = locks.get(key);
    if (until !== undefined) longest = Math.max(longest ?? 0, until);
  }
  if (longest === undefined) return undefined;
  return longest >= LOCKED_FOREVER ? null : Math.ceil((longest - now) / 1000);
}
