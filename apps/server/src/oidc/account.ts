import { randomBytes } from 'node:crypto';
import type { Account } from 'oidc-provider';
import type { ServiceContext } from '../services/context.js';

/**
 * The `sub` of a person: random, stable, never the username (which an administrator may rename or give
 * to someone else later). Created on their first sign-in to an app.
 */
export async function subjectFor(ctx: ServiceContext, userId: number): Promise<string> {
  const existing = await findSubject(ctx, userId);
  if (existing) return existing;
  await ctx.db
    .insertInto('oidc_subjects')
    .values({ user_id: userId, subject: randomBytes(16).toString('base64url') })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
  const subject = await findSubject(ctx, userId);
  if (!subject) throw new Error('the subject of a user could not be stored');
  return subject;
}

/** The `sub` of a person, if they have ever signed in to an app. */
export async function findSubject(ctx: ServiceContext, userId: number): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('oidc_subjects')
    .select('subject')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.subject;
}

/** The provider's account lookup: undefined for a deleted user, so their tokens stop working. */
export async function findAccount(ctx: ServiceContext, sub: string): Promise<Account | undefined> {
  const row = await ctx.db
    .selectFrom('oidc_subjects')
    .innerJoin('users', 'users.id', 'oidc_subjects.user_id')
    .select(['users.username'])
    .where('oidc_subjects.subject', '=', sub)
    // A disabled person's tokens stop working like a deleted one's.
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: sub,
    // The username is the only name the service knows; no e-mail address is stored yet.
    claims: async () => ({ sub, preferred_username: row.username, name: row.username }),
  };
}
