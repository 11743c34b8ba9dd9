import { AppError } from '../../errors.js';
import { revokeAppAccess } from '../../oidc/revoke.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { requireReauthentication, type SensitiveRequest } from '../reauth.js';
import type { Session } from '../sessions.js';
import { passkeyName } from './names.js';

/** A registered passkey as its owner and administrators see it. */
export interface PasskeyInfo {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** The authenticator verified the person (PIN, biometrics) when it was added. */
  userVerified: boolean;
  /** Synced by its provider (a passkey in a password manager or platform account). */
  synced: boolean;
}

/** A user's passkeys, oldest first. */
export async function listPasskeys(ctx: ServiceContext, userId: number): Promise<PasskeyInfo[]> {
  const rows = await ctx.db
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at', 'user_verified', 'backed_up'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    userVerified: row.user_verified === 1,
    synced: row.backed_up === 1,
  }));
}

/** Renames one of the person's passkeys (not a sensitive change: the key itself stays). */
export async function renamePasskey(
  ctx: ServiceContext,
  input: { session: Session; actor: Actor; id: unknown; name: unknown },
): Promise<void> {
  const name = passkeyName(input.name);
  const result = await ctx.db
    .updateTable('passkeys')
    .set({ name })
    .where('id', '=', passkeyId(input.id))
    .where('user_id', '=', input.session.userId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new AppError('PASSKEY_NOT_FOUND');
  await recordAudit(ctx, {
    event: 'passkey.renamed',
    actor: input.actor,
    target: input.session.username,
    details: { name },
  });
}

/** Removes one of the person's passkeys: a sensitive change, under the one re-authentication rule. */
export async function removePasskey(
  ctx: ServiceContext,
  input: SensitiveRequest & { id: unknown },
): Promise<void> {
  const id = passkeyId(input.id);
  await requireReauthentication(ctx, input, 'passkey.remove');
  const row = await ctx.db
    .deleteFrom('passkeys')
    .where('id', '=', id)
    .where('user_id', '=', input.session.userId)
    .returning('name')
    .executeTakeFirst();
  if (!row) throw new AppError('PASSKEY_NOT_FOUND');
  // Apps were told this person signed in with the passkey; they sign in again with what is left.
  await revokeAppAccess(ctx, input.session.userId);
  await recordAudit(ctx, {
    event: 'passkey.removed',
    actor: input.actor,
    target: input.session.username,
    details: { name: row.name },
  });
}

/** An administrator removes a user's passkey (lost key, person leaving). */
export async function removeUserPasskey(
  ctx: ServiceContext,
  input: { actor: Actor; userId: number; username: string; id: unknown },
): Promise<void> {
  const row = await ctx.db
    .deleteFrom('passkeys')
    .where('id', '=', passkeyId(input.id))
    .where('user_id', '=', input.userId)
    .returning('name')
    .executeTakeFirst();
  if (!row) throw new AppError('PASSKEY_NOT_FOUND');
  await revokeAppAccess(ctx, input.userId);
  await recordAudit(ctx, {
    event: 'passkey.removed',
    actor: input.actor,
    target: input.username,
    details: { name: row.name, by: 'administrator' },
  });
}

function passkeyId(value: unknown): number {
  const id =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,9}$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('PASSKEY_NOT_FOUND');
  return id;
}
