import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './client.js';
import type { DialectName } from './harness.js';
import { addUser, PASSWORD, type TestService, type TestServiceOptions, testService } from './harness.js';

/** The proxy's address in these tests (the only one in TRUST_PROXY). */
export const PROXY_IP = '127.0.0.1';
export const PUBLIC_URL = 'https://auth.example.com';

/** A service behind a proxy at PROXY_IP, the session cookie covering example.com. */
export function proxiedService(dialect: DialectName, options: TestServiceOptions = {}): Promise<TestService> {
  return testService(dialect, {
    ...options,
    env: {
      PUBLIC_URL,
      TRUST_PROXY: PROXY_IP,
      KAKUNIN_COOKIE_DOMAIN: 'example.com',
      ...options.env,
    },
  });
}

/** What the proxy asks on behalf of a browser (the client's cookies) that wants `url`. */
export function forwardAuth(client: Client, url: string, method = 'GET'): Promise<LightMyRequestResponse> {
  const target = new URL(url);
  return client.send('GET', '/api/authz/forward-auth', undefined, {
    headers: {
      'x-forwarded-method': method,
      'x-forwarded-proto': target.protocol.slice(0, -1),
      'x-forwarded-host': target.host,
      'x-forwarded-uri': target.pathname + target.search,
    },
  });
}

/** nginx's auth_request subrequest for `url`. */
export function authRequest(client: Client, url: string, method = 'GET'): Promise<LightMyRequestResponse> {
  return client.send('GET', '/api/authz/auth-request', undefined, {
    headers: { 'x-original-url': url, 'x-original-method': method },
  });
}

/** A user with a password-only session (the client comes through the proxy's address). */
export async function signedInUser(
  service: TestService,
  username: string,
  role: 'user' | 'admin' = 'user',
): Promise<Client> {
  await addUser(service, username, role);
  const client = service.client(PROXY_IP);
  await client.expect('POST', '/api/login', { username, password: PASSWORD }, 200);
  return client;
}

/** Adds a forward-auth rule as an administrator would (over the API). */
export async function protect(admin: Client, rule: Record<string, unknown>): Promise<void> {
  await admin.expect('POST', '/api/admin/protected-hosts', rule, 201);
}
