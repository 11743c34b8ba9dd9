import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { recordAudit } from '../services/audit.js';
import type { ServiceContext } from '../services/context.js';
import { endSession, findSession } from '../services/sessions.js';
import { loadOIDCProvider } from './load-module.js';
import { createProvider } from './provider.js';
import { loadSigningKeys, signingKeysVersion } from './signing-keys.js';

/** How often an instance looks for signing keys rotated by another instance. */
const KEY_POLL_MS = 60_000;

/** The provider of this instance, rebuilt when the signing keys change. */
export interface OIDCService {
  provider(): Provider;
  /** The provider's request handler (its Koa app). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Reloads the keys from the database (after a rotation). */
  reload(): Promise<void>;
  close(): void;
}

/** Loads (or creates) the signing keys and builds the provider; polls for keys rotated elsewhere. */
export async function startOIDC(
  ctx: ServiceContext,
  config: Config,
  secretKey: Uint8Array,
  onError: (error: unknown) => void,
): Promise<OIDCService> {
  const library = await loadOIDCProvider();
  let version = '';
  let provider!: Provider;
  let handler!: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  async function build(): Promise<void> {
    const keys = await loadSigningKeys(ctx);
    version = await signingKeysVersion(ctx);
    const next = createProvider(library, ctx, config, keys, secretKey);
    next.use(endKakuninSessionOnLogout(ctx));
    next.on('server_error', (_koa: unknown, error: unknown) => onError(error));
    provider = next;
    handler = next.callback() as unknown as typeof handler;
  }
  await build();
  const poll = setInterval(() => {
    signingKeysVersion(ctx)
      .then((current) => (current === version ? undefined : build()))
      .catch(onError);
  }, KEY_POLL_MS);
  poll.unref();
  return {
    provider: () => provider,
    handle: (req, res) => handler(req, res),
    reload: build,
    close: () => clearInterval(poll),
  };
}

/**
 * RP-initiated logout confirmed with "sign out" ends the Kakunin session too, so the person is signed
 * out of every app, not only the provider's record of them.
 */
function endKakuninSessionOnLogout(ctx: ServiceContext) {
  return async (koa: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (koa.oidc?.route !== 'end_session_confirm' || koa.status !== 303 || !koa.oidc.params?.logout) return;
    const token = koa.cookies.get(SESSION_COOKIE, { signed: false });
    const session = await findSession(ctx, token);
    await endSession(ctx, token);
    koa.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', signed: false });
    if (session) {
      const actor = { username: session.username, ip: koa.ip };
      await recordAudit(ctx, {
        event: 'logout',
        actor,
        target: session.username,
        details: { app: koa.oidc.client?.clientId ?? null },
      });
    }
  };
}
