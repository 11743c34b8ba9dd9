import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { formOn, postForm } from './support/forms.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

// Threat: hostile input on a route nobody thought to test — a NUL byte in a path, a number where a
// list was expected, a form field the page never sends — crashing a request or showing internals,
// on one database and not on the other.
// Defence: every route of the service, found as the service adds it (new routes are covered without
// being listed here), answers made-up paths, queries, JSON and forms with a 2xx, 3xx or 4xx and never
// with a server error, on SQLite and PostgreSQL, as a signed-in administrator who can reach them all.

/** Field names the service's forms and JSON bodies use, so that made-up bodies reach its checks. */
const FIELDS = [
  'username',
  'password',
  'code',
  'recoveryCode',
  'name',
  'displayName',
  'email',
  'role',
  'next',
  'redirectURIs',
  'postLogoutRedirectURIs',
  'public',
  'requiresTwoFactor',
  'requiresPasskey',
  'askConsent',
  'tokenEndpointAuthMethod',
  'host',
  'allow',
  'users',
  'roles',
  'twoFactor',
  'twoFactorPolicy',
  'policy',
  'maxFailures',
  'lockMinutes',
  'lockout',
  'passkeySignIn',
  'adminsNeedPasskey',
  'scope',
  'confirm',
  'lasting',
  'temporary',
  'currentPassword',
  'newPassword',
  'response',
  'proof',
  'passkey',
  'totp',
  'csv',
  'id',
  'q',
  'page',
  'from',
  'to',
  'event',
  'user',
  'before',
  'limit',
  'pageSize',
  'notice',
  'token',
  'rd',
  'js',
  'uid',
] as const;

/** Values that have broken services before: NUL bytes, huge numbers, wrong types, foreign URLs. */
const HOSTILE = [
  '\u0000',
  'a\u0000b',
  '',
  '-1',
  '1e309',
  'NaN',
  '[]',
  'admin',
  'root',
  'required',
  'yes',
  'https://app.example/callback',
  'javascript:alert(1)',
  '../../etc/passwd',
  'x'.repeat(5000),
] as const;

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 16 }), fc.constantFrom(...HOSTILE));
const value = fc.oneof(
  text,
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom([HOSTILE[12]], -1, 1e308, true, null),
);
const jsonBody = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.constantFrom(...FIELDS), value));
const formBody = fc.dictionary(fc.constantFrom(...FIELDS), text);
/** A path segment: a real name, a hostile one, or made up (encoded as a browser would). */
const segment = fc.oneof(
  fc.constantFrom(
    'root',
    '1',
    '0',
    '%00',
    'a%00b',
    '..',
    '%2e%2e',
    'x'.repeat(300),
    '%E0%A4%A',
    'a.example.com',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).map(encodeURIComponent),
);
/** What follows a wildcard route: the provider's own endpoints among others. */
const rest = fc.oneof(
  fc.constantFrom('auth', 'token', 'token/introspection', 'token/revocation', 'me', 'session/end', 'jwks'),
  segment,
);

describe.each(dialects())('every route on %s', (dialect) => {
  const routes: { method: string; url: string }[] = [];
  let service: TestService;
  let admin: Client;
  let csrf: string;
  let admins = 0;

  /** A new administrator's session (the made-up requests may sign the last one out or lock it). */
  async function signIn(): Promise<void> {
    admins++;
    await addUser(service, `root${admins}`, 'admin');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: `root${admins}`, password: PASSWORD }, 200);
    csrf = (await formOn(admin, '/account/profile', '/account/profile'))._csrf as string;
  }

  beforeAll(async () => {
    const onRoute = (route: RouteOptions) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
      }
    };
    service = await testService(dialect, { onRoute });
    await addUser(service, 'root', 'admin');
    await signIn();
  });
  afterAll(async () => {
    await service?.close();
  });

  it('finds the routes as the service adds them', () => {
    const urls = new Set(routes.map((route) => `${route.method} ${route.url}`));
    for (const known of ['POST /api/login', 'GET /admin/apps/:clientId', 'POST /oidc/*', 'GET /sign-in'])
      expect(urls).toContain(known);
    expect(routes.length).toBeGreaterThan(100);
  });

  it('answers made-up input on every route without a server error', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        rest,
        fc.option(fc.dictionary(fc.constantFrom(...FIELDS), text, { maxKeys: 3 })),
        jsonBody,
        formBody,
        async (route, segments, wildcard, query, json, form) => {
          if ((await admin.send('GET', '/api/me')).statusCode !== 200) await signIn();
          let index = 0;
          const path = route.url
            .replace(/:[A-Za-z]+/g, () => segments[index++] as string)
            .replace('*', wildcard);
          const url = query ? `${path}?${new URLSearchParams(query)}` : path;
          const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
          const response =
            !path.startsWith('/api/') && method === 'POST'
              ? await postForm(admin, url, { ...form, _csrf: csrf })
              : await admin.send(method, url, method === 'GET' ? undefined : json);
          if (response.statusCode >= 500 || /"INTERNAL"|server_error|\bat .+\.[jt]s:\d+/.test(response.body))
            failures.push(`${method} ${url} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        },
      ),
      { numRuns: 1500 },
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
