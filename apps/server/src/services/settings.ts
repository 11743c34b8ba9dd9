import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';

export type TwoFactorPolicy = 'off' | 'allowed' | 'required';

export interface LockoutSettings {
  /** Failed passwords and codes before the account locks (1–100). */
  maxFailures: number;
  /** Lock length in seconds; null = until an administrator unlocks. */
  lockSeconds: number | null;
}

export interface Settings {
  twoFactor: TwoFactorPolicy;
  lockout: LockoutSettings;
  /** Minimum length of new passwords; null = 15 while a password alone signs in, 8 with 2FA required. */
  passwordMinLength: number | null;
  /** Passkeys may sign in without a password (the first page's button and autofill). */
  passkeySignIn: boolean;
  /** Administrators must have a phishing-resistant factor (a passkey or security key). */
  adminsNeedPasskey: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  twoFactor: 'allowed',
  lockout: { maxFailures: 10, lockSeconds: 180 },
  passwordMinLength: null,
  passkeySignIn: true,
  adminsNeedPasskey: false,
};

/** The range an administrator may set the minimum password length in (NIST: at least 8, accept 64). */
export const PASSWORD_MIN_LENGTH_RANGE = { min: 8, max: 64 } as const;

/** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account. */
export const MAX_CONSECUTIVE_FAILURES = 100;

const KEY = 'settings';

/**
 * How long an instance answers from the settings it last read (ms): every sign-in step needs them, and
 * a change made on another instance sharing the database applies here within this time. A change made
 * here applies at once.
 */
export const SETTINGS_CACHE_MS = 1000;

interface CachedSettings {
  settings?: Settings;
  /** performance.now() of the read (the instance's own clock: a test's clock may stand still). */
  readAt: number;
  /** Bumped by every change made here, so a read that began before it is not kept. */
  generation: number;
}
const cache = new WeakMap<Kysely<DB>, CachedSettings>();

/** The administrator's settings, defaults filled in (read at most once a second per database handle). */
export async function getSettings(ctx: ServiceContext): Promise<Settings> {
  const entry = cache.get(ctx.db) ?? { readAt: 0, generation: 0 };
  if (entry.settings && performance.now() - entry.readAt < SETTINGS_CACHE_MS) return entry.settings;
  const { generation } = entry;
  const readAt = performance.now();
  const settings = await readSettings(ctx);
  const current = cache.get(ctx.db);
  if ((current?.generation ?? 0) === generation) cache.set(ctx.db, { settings, readAt, generation });
  return settings;
}

/** Drops what this instance remembers of the settings (after it changed them). */
function forgetSettings(db: Kysely<DB>): void {
  cache.set(db, { readAt: 0, generation: (cache.get(db)?.generation ?? 0) + 1 });
}

async function readSettings(ctx: ServiceContext): Promise<Settings> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  try {
    return parseSettings({ ...DEFAULT_SETTINGS, ...JSON.parse(row.value) });
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Validates and stores new settings (whole or partial); records the change in the audit log. */
export async function updateSettings(ctx: ServiceContext, input: unknown, actor: Actor): Promise<Settings> {
  const current = await getSettings(ctx);
  const patch = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : undefined;
  if (!patch) throw new AppError('BAD_REQUEST', undefined, 'Send the settings as an object.');
  const lockoutPatch = patch.lockout === undefined ? {} : patch.lockout;
  if (typeof lockoutPatch !== 'object' || lockoutPatch === null) {
    throw new AppError('BAD_REQUEST', undefined, 'lockout must be an object { maxFailures, lockSeconds }.');
  }
  const next = parseSettings({
    twoFactor: patch.twoFactor ?? current.twoFactor,
    lockout: { ...current.lockout, ...lockoutPatch },
    passwordMinLength:
      patch.passwordMinLength === undefined ? current.passwordMinLength : patch.passwordMinLength,
    passkeySignIn: patch.passkeySignIn ?? current.passkeySignIn,
    adminsNeedPasskey: patch.adminsNeedPasskey ?? current.adminsNeedPasskey,
  });
  const value = JSON.stringify(next);
  await ctx.db
    .insertInto('settings')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
  forgetSettings(ctx.db);
  await recordAudit(ctx, { event: 'settings.changed', actor, details: next });
  if (next.twoFactor === 'off' && current.twoFactor !== 'off') {
    // Their registrations are kept (and work again when the policy is back on); say how many.
    const users = await countUsersWithTwoFactor(ctx);
    await recordAudit(ctx, { event: 'two_factor.policy_off', actor, details: { usersWithTwoFactor: users } });
  }
  return next;
}

/**
 * How many users a change would leave signing in with a password alone: those with two-factor on,
 * when the policy goes to "off". Zero for any other change. The console asks to confirm first.
 */
export async function usersLosingSecondFactor(ctx: ServiceContext, input: unknown): Promise<number> {
  const patch = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if (patch.twoFactor !== 'off' || (await getSettings(ctx)).twoFactor === 'off') return 0;
  return countUsersWithTwoFactor(ctx);
}

async function countUsersWithTwoFactor(ctx: ServiceContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('totp_credentials')
    .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('n'))
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function parseSettings(value: {
  twoFactor?: unknown;
  lockout?: unknown;
  passwordMinLength?: unknown;
  passkeySignIn?: unknown;
  adminsNeedPasskey?: unknown;
}): Settings {
  const { twoFactor } = value;
  if (twoFactor !== 'off' && twoFactor !== 'allowed' && twoFactor !== 'required') {
    throw new AppError('BAD_REQUEST', undefined, 'twoFactor must be "off", "allowed" or "required".');
  }
  const lockout = value.lockout as { maxFailures?: unknown; lockSeconds?: unknown };
  const { maxFailures, lockSeconds } = lockout;
  if (
    !Number.isInteger(maxFailures) ||
    (maxFailures as number) < 1 ||
    (maxFailures as number) > MAX_CONSECUTIVE_FAILURES
  ) {
    throw new AppError('BAD_REQUEST', undefined, 'lockout.maxFailures must be a whole number from 1 to 100.');
  }
  if (
    lockSeconds !== null &&
    (!Number.isInteger(lockSeconds) || (lockSeconds as number) < 1 || (lockSeconds as number) > 86_400 * 365)
  ) {
    throw new AppError(
      'BAD_REQUEST',
      undefined,
      'lockout.lockSeconds must be a whole number of seconds (1 or more) or null.',
    );
  }
  const minLength = value.passwordMinLength ?? null;
  const { min, max } = PASSWORD_MIN_LENGTH_RANGE;
  if (
    minLength !== null &&
    (!Number.isInteger(minLength) || (minLength as number) < min || (minLength as number) > max)
  ) {
    throw new AppError(
      'BAD_REQUEST',
      undefined,
      `passwordMinLength must be a whole number from ${min} to ${max}, or null for the default (15, or 8 while two-factor authentication is required).`,
    );
  }
  const passkeySignIn = value.passkeySignIn ?? DEFAULT_SETTINGS.passkeySignIn;
  const adminsNeedPasskey = value.adminsNeedPasskey ?? DEFAULT_SETTINGS.adminsNeedPasskey;
  if (typeof passkeySignIn !== 'boolean' || typeof adminsNeedPasskey !== 'boolean') {
    throw new AppError(
      'BAD_REQUEST',
      undefined,
      'passkeySignIn and adminsNeedPasskey must be true or false.',
    );
  }
  return {
    twoFactor,
    lockout: { maxFailures: maxFailures as number, lockSeconds: lockSeconds as number | null },
    passwordMinLength: minLength as number | null,
    passkeySignIn,
    adminsNeedPasskey,
  };
}
