import { SecretBoxError } from '../crypto/secret-box.js';
import type { ServiceContext } from './context.js';

const SETTING = 'key_check';
const CONTEXT = 'kakunin/key-check/v1';
const PLAINTEXT = new TextEncoder().encode('kakunin key check');

/** The master key does not open what this database was sealed with. */
export class SecretKeyMismatchError extends Error {
  readonly code = 'SECRET_KEY_MISMATCH';

  constructor() {
    super(
      'the master key does not match this database (KAKUNIN_SECRET_KEY or the key file changed). ' +
        'Restore the key this database was created with; with another key no registered authenticator works.',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/**
 * Seals a known value on first start and checks on every start that the key opens it, so a wrong
 * key stops the service with a clear message instead of failing every second-factor sign-in.
 */
export async function checkSecretKey(ctx: ServiceContext): Promise<void> {
  const sealed = Buffer.from(ctx.box.seal(PLAINTEXT, CONTEXT)).toString('base64');
  await ctx.db
    .insertInto('settings')
    .values({ key: SETTING, value: sealed })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirstOrThrow();
  try {
    ctx.box.open(new Uint8Array(Buffer.from(row.value, 'base64')), CONTEXT);
  } catch (error) {
    if (error instanceof SecretBoxError) throw new SecretKeyMismatchError();
    throw error;
  }
}
