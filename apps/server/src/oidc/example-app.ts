import type { ServiceContext } from '../services/context.js';
import { createApp, findAppWithSecret } from './apps.js';

/** The client id of the example notice board that `npm start` serves next to the service. */
export const EXAMPLE_CLIENT_ID = 'notice-board';

/**
 * Registers the example notice board on first start (requiring two-factor, so a newcomer sees the
 * whole sign-in), and returns its credentials to the process that serves it. Later starts reuse it,
 * keeping whatever an administrator changed.
 */
export async function ensureExampleApp(
  ctx: ServiceContext,
  boardURL: string,
): Promise<{ clientId: string; clientSecret: string }> {
  const existing = await findAppWithSecret(ctx, EXAMPLE_CLIENT_ID);
  if (existing?.clientSecret) return { clientId: EXAMPLE_CLIENT_ID, clientSecret: existing.clientSecret };
  const created = await createApp(
    ctx,
    {
      clientId: EXAMPLE_CLIENT_ID,
      name: 'Team notice board (example)',
      redirectURIs: [`${boardURL}/callback`],
      postLogoutRedirectURIs: [`${boardURL}/`],
      requiresTwoFactor: true,
    },
    { username: null, ip: null },
  );
  return { clientId: EXAMPLE_CLIENT_ID, clientSecret: created.clientSecret as string };
}
