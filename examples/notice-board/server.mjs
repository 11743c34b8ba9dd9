// A team notice board that signs people in through Kakunin with OpenID Connect (openid-client):
// authorization code flow with PKCE, the ID token's amr/acr shown on the page, RP-initiated logout.
// Notices live in memory: this is an example of the sign-in, not of storage.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import * as oidc from 'openid-client';
import { escapeHTML, page, signedInView, signedOutView } from './views.mjs';

const COOKIE = 'board_session';

/**
 * Starts the notice board.
 * @param {{ issuer: string, clientId: string, clientSecret: string, port?: number, host?: string, publicURL?: string }} options
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startNoticeBoard(options) {
  const issuer = new URL(options.issuer);
  const insecure = issuer.protocol === 'http:';
  const config = await oidc.discovery(
    issuer,
    options.clientId,
    options.clientSecret,
    oidc.ClientSecretBasic(options.clientSecret),
    insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  /** @type {Map<string, any>} */
  const sessions = new Map();
  /** @type {{ author: string, text: string, at: string }[]} */
  const notices = [];
  let base = options.publicURL;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', base);
      const session = sessionOf(req, sessions);
      if (req.method === 'GET' && url.pathname === '/') {
        const body = session?.claims ? signedInView(session, notices) : signedOutView();
        return send(res, 200, page('Notice board', body));
      }
      if (req.method === 'GET' && url.pathname === '/login') {
        const id = randomBytes(24).toString('base64url');
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        sessions.set(id, { verifier, state, nonce });
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: `${base}/callback`,
          scope: 'openid profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        res.setHeader('set-cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
        return redirect(res, target.href);
      }
      if (req.method === 'GET' && url.pathname === '/callback') {
        if (!session?.verifier) return redirect(res, '/');
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: session.verifier,
          expectedState: session.state,
          expectedNonce: session.nonce,
        });
        session.claims = tokens.claims();
        session.idToken = tokens.id_token;
        session.userinfo = await oidc.fetchUserInfo(config, tokens.access_token, session.claims.sub);
        session.verifier = undefined;
        return redirect(res, '/');
      }
      if (req.method === 'POST' && url.pathname === '/notices' && session?.claims) {
        const form = new URLSearchParams(await readBody(req));
        const text = (form.get('text') ?? '').trim().slice(0, 500);
        if (text)
          notices.unshift({
            author: session.userinfo.preferred_username,
            text,
            at: new Date().toISOString(),
          });
        return redirect(res, '/');
      }
      if (req.method === 'POST' && url.pathname === '/logout') {
        const id = cookieOf(req);
        if (id) sessions.delete(id);
        res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
        if (!session?.idToken) return redirect(res, '/');
        const end = oidc.buildEndSessionUrl(config, {
          id_token_hint: session.idToken,
          post_logout_redirect_uri: `${base}/`,
        });
        return redirect(res, end.href);
      }
      return send(
        res,
        404,
        page('Not found', '<p>There is nothing at this address. <a href="/">Back</a></p>'),
      );
    } catch (error) {
      return send(
        res,
        400,
        page(
          'Sign-in failed',
          `<p>The sign-in did not complete: ${escapeHTML(String(error?.message ?? error))}</p><p><a href="/">Back</a></p>`,
        ),
      );
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3002, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  base ??= `http://localhost:${port}`;
  return {
    url: base,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function cookieOf(req) {
  const match = new RegExp(`(?:^|; )${COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '');
  return match?.[1];
}

function sessionOf(req, sessions) {
  const id = cookieOf(req);
  return id ? sessions.get(id) : undefined;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
      if (text.length > 10_000) req.destroy();
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function send(res, status, html) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:",
    'cache-control': 'no-store',
  });
  res.end(html);
}

function redirect(res, location) {
  res.writeHead(303, { location });
  res.end();
}
