import { createHmac } from 'node:crypto';
import type { KoaContextWithOIDC, default as Provider } from 'oidc-provider';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import type { ServiceContext } from '../services/context.js';
import { findSession } from '../services/sessions.js';
import { findAccount, findSubject } from './account.js';
import { KyselyAdapter } from './adapter.js';
import { findApp } from './apps.js';
import { ACR, meets, requiredACR, sessionAuthentication } from './assurance.js';
import { AppClientAdapter } from './client-adapter.js';
import { renderLogoutPage, renderPostLogoutPage, renderProviderError } from './provider-pages.js';
import type { SigningJWK } from './signing-keys.js';

/** Where the provider's endpoints live (discovery stays at /.well-known/openid-configuration). */
export const OIDC_PREFIX = '/oidc';

/** Lifetimes in seconds. */
const TTL = {
  AccessToken: 60 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 14 * 24 * 60 * 60,
  Interaction: 10 * 60,
  Session: 12 * 60 * 60,
  Grant: 14 * 24 * 60 * 60,
};

/** Builds the OpenID Connect provider over the service's database, signing keys and sign-in. */
export function createProvider(
  library: typeof import('oidc-provider'),
  ctx: ServiceContext,
  config: Config,
  keys: SigningJWK[],
  secretKey: Uint8Array,
): Provider {
  const issuer = config.publicURL.origin;
  const provider = new library.Provider(issuer, {
    adapter: (name: string) =>
      name === 'Client' ? new AppClientAdapter(ctx) : new KyselyAdapter(ctx.db, name),
    findAccount: (_koa, sub) => findAccount(ctx, sub),
    jwks: { keys },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // acr, amr and auth_time belong to the openid scope so that every ID token carries them: the
    // provider leaves out claims no scope lists, and relying parties read the level from them.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['preferred_username', 'name'],
      email: ['email', 'email_verified'],
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
    },
    acrValues: [ACR.oneFactor, ACR.twoFactor, ACR.phishingResistant],
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    pkce: { required: (_koa, client) => client.clientAuthMethod === 'none' },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: renderLogoutPage,
        postLogoutSuccessSource: renderPostLogoutPage,
      },
    },
    // Like Keycloak: every app that may refresh gets a refresh token, not only those asking offline_access.
    issueRefreshToken: async (_koa, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_koa, origin, client) =>
      client.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
    loadExistingGrant: (koa) => loadGrant(ctx, koa),
    interactions: {
      url: (_koa, interaction) => `/interaction/${interaction.uid}`,
      policy: kakuninPolicy(library.interactionPolicy, ctx),
    },
    routes: {
      authorization: `${OIDC_PREFIX}/auth`,
      token: `${OIDC_PREFIX}/token`,
      userinfo: `${OIDC_PREFIX}/me`,
      jwks: `${OIDC_PREFIX}/jwks`,
      introspection: `${OIDC_PREFIX}/token/introspection`,
      revocation: `${OIDC_PREFIX}/token/revocation`,
      end_session: `${OIDC_PREFIX}/session/end`,
      registration: `${OIDC_PREFIX}/reg`,
      device_authorization: `${OIDC_PREFIX}/device/auth`,
      code_verification: `${OIDC_PREFIX}/device`,
      pushed_authorization_request: `${OIDC_PREFIX}/request`,
      backchannel_authentication: `${OIDC_PREFIX}/backchannel`,
      challenge: `${OIDC_PREFIX}/challenge`,
      credential: `${OIDC_PREFIX}/credential`,
    },
    cookies: {
      keys: [createHmac('sha256', secretKey).update('kakunin/oidc-cookies').digest('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    ttl: TTL,
    renderError: renderProviderError,
  });
  provider.proxy = config.trustProxy !== false;
  return provider;
}

/** Introspection and revocation only for the app the token was issued to (no token substitution). */
function ownTokensOnly(_koa: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

/**
 * Apps registered by an administrator are trusted: unless the app's switch asks for consent, the
 * grant covers what it requested without a consent screen.
 */
async function loadGrant(ctx: ServiceContext, koa: KoaContextWithOIDC) {
  const { oidc } = koa;
  const client = oidc.client;
  const accountId = oidc.session?.accountId;
  if (!client || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId || oidc.session?.grantIdFor(client.clientId);
  const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (existing && existing.accountId !== accountId) return undefined;
  const app = await findApp(ctx, client.clientId);
  if (!app || app.askConsent) return existing;
  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  const claims = oidc.requestParamClaims;
  if (claims) grant.addOIDCClaims([...claims]);
  await grant.save();
  return grant;
}

/**
 * The provider's own session only mirrors Kakunin's: an authorization goes to the interaction (which
 * is Kakunin's sign-in) whenever the browser's Kakunin session is missing, belongs to someone else,
 * was replaced by a newer sign-in, or is weaker than the app demands. So signing out of Kakunin, or an
 * administrator ending the sessions, ends single sign-on to every app at once.
 */
function kakuninPolicy(
  interactionPolicy: typeof import('oidc-provider').interactionPolicy,
  ctx: ServiceContext,
) {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  login?.checks.add(
    new interactionPolicy.Check(
      'kakunin_session',
      'The Kakunin sign-in is missing, changed or too weak for this app',
      'login_required',
      async (koa: KoaContextWithOIDC) => {
        const { oidc } = koa;
        if (oidc.result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
        const session = await findSession(ctx, koa.cookies.get(SESSION_COOKIE, { signed: false }));
        if (session?.stage !== 'full') return interactionPolicy.Check.REQUEST_PROMPT;
        const subject = await findSubject(ctx, session.userId);
        if (!subject || subject !== oidc.session?.accountId) return interactionPolicy.Check.REQUEST_PROMPT;
        const auth = sessionAuthentication(session);
        if (!auth || oidc.session?.authTime() !== Math.floor(auth.authTime / 1000))
          return interactionPolicy.Check.REQUEST_PROMPT;
        const app = oidc.client ? await findApp(ctx, oidc.client.clientId) : undefined;
        return meets(auth.acr, requiredACR(app, oidc.params?.acr_values))
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT;
      },
    ),
    0,
  );
  return policy;
}
