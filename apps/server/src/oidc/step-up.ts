import type { ServiceContext } from '../services/context.js';
import { SESSION_LIFETIME, type Session } from '../services/sessions.js';

/**
 * Step-up for a person who has a second factor but whose session was made without it: the session goes
 * back to waiting for the code (the password stays proven), and the code step promotes it again with
 * both factors recorded. Abandoned, it expires like any sign-in waiting for its code.
 */
export async function awaitSecondFactor(ctx: ServiceContext, session: Session): Promise<boolean> {
  const result = await ctx.db
    .updateTable('sessions')
    .set({ stage: 'second_factor', code_attempts: 0, expires_at: ctx.now() + SESSION_LIFETIME.second_factor })
    .where('id', '=', session.id)
    .where('stage', '=', 'full')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
