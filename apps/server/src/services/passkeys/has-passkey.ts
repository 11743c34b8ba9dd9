import type { ServiceContext } from '../context.js';

/** Whether the user has a passkey: then it is a second factor (sign-in asks for it, the policy is met). */
export async function hasPasskey(ctx: ServiceContext, userId: number): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('passkeys')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
