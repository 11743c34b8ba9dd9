import type { ServiceContext } from '../services/context.js';

/**
 * Revokes everything apps hold for a person: grants, refresh and access tokens, codes and the
 * provider's sessions. Part of everything that ends a person's sessions, so that signing them out of
 * Kakunin signs them out of the apps too (a refresh token stops working at once, on every instance).
 */
export async function revokeAppAccess(ctx: ServiceContext, userId: number): Promise<void> {
  const subject = ctx.db.selectFrom('oidc_subjects').select('subject').where('user_id', '=', userId);
  await ctx.db.deleteFrom('oidc_payloads').where('account_id', 'in', subject).execute();
}
