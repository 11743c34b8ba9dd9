import { ConfigError } from '../config.js';
import { randomToken } from '../crypto/tokens.js';
import { AppError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { countUsers, createUser } from './users.js';

/**
 * On an empty database, creates the administrator `admin` with the given password or a random one.
 * A random one is one-time, like every password the service makes up: the administrator chooses
 * their own at the first sign-in. Returns the password to print once when it was generated, or
 * undefined when nothing was created.
 */
export async function ensureAdministrator(
  ctx: ServiceContext,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword: string | undefined }> {
  if ((await countUsers(ctx)) > 0) return { created: false, generatedPassword: undefined };
  const chosen = password ?? randomToken(15);
  try {
    await createUser(
      ctx,
      { username: 'admin', password: chosen, role: 'admin', oneTime: password === undefined },
      { username: null, ip: null },
    );
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof AppError && error.code === 'USER_EXISTS')
      return { created: false, generatedPassword: undefined };
    // The configured password gets the same policy as every other one: say so in one line.
    if (error instanceof AppError && (error.code === 'WEAK_PASSWORD' || error.code === 'PASSWORD_TOO_COMMON'))
      throw new ConfigError('KAKUNIN_ADMIN_PASSWORD', `refused by the password policy: ${error.message}`);
    throw error;
  }
  return { created: true, generatedPassword: password === undefined ? chosen : undefined };
}
