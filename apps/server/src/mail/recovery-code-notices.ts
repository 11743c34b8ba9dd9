import type { ServiceContext } from '../services/context.js';
import { inBackground, notify } from './notify.js';

/** At or below this many unused recovery codes, the person is told to make new ones. */
export const FEW_RECOVERY_CODES = 2;

/** Tells the person a recovery code was used, and when few are left (after the answer, with mail only). */
export function notifyRecoveryCodeUsed(ctx: ServiceContext, userId: number, ip: string): void {
  if (!ctx.mailer) return;
  inBackground(ctx, 'recovery_code_used', async () => {
    const row = await ctx.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('left'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    const left = Number(row.left);
    notify(ctx, { userId }, 'recovery_code_used', { ip, left });
    if (left <= FEW_RECOVERY_CODES) notify(ctx, { userId }, 'recovery_codes_low', { left });
  });
}
