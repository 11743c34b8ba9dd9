import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../src/app.js';
import type { Client } from './support/client.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

// Threat: malformed or hostile input crashing the service or leaking internals.
// Defence: every request gets a catalogue error with a clear message and a 4xx status.
describe.each(dialects())('bad input on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterAll(async () => {
    await service.close();
  });

  const raw = (client: Client, url: string, payload: string, type = 'application/json') =>
    client.send('POST', url, undefined, { headers: { 'content-type': type }, payload });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await raw(
      service.client(),
      '/api/login',
      JSON.stringify({ username: 'x', password: 'y'.repeat(BODY_LIMIT) }),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it.each(['{', '{"username":', 'not json', '{"a":1}}', '\u0000'])(
    'answers malformed JSON %j with 400 MALFORMED_JSON',
    async (payload) => {
      const response = await raw(service.client(), '/api/login', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { code: 'MALFORMED_JSON', message: expect.stringContaining('JSON') },
      });
    },
  );

  it('refuses prototype pollution attempts', async () => {
    const response = await raw(
      service.client(),
      '/api/login',
      '{"__proto__":{"role":"admin"},"username":"a","password":"b"}',
    );
    expect(response.statusCode).toBe(400);
  });

  it.each([[[]], ['text'], [42], [null]])(
    'answers a JSON body that is not an object (%j) with 400',
    async (body) => {
      const response = await raw(service.client(), '/api/login', JSON.stringify(body));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    },
  );

  it.each(['12345a', '１２３４５６７', '12 34 5', '', '1234567', '-12345', '12345\u0000'])(
    'answers a code that is not 6 digits (%j) with 400 MALFORMED_CODE',
    async (code) => {
      const response = await service.client().send('POST', '/api/login/totp', { code });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: { code: 'MALFORMED_CODE', message: expect.stringContaining('6 digits') },
      });
    },
  );

  it('gives NO_PENDING_LOGIN for a well-formed code without a pending sign-in', async () => {
    expect(await service.client().errorCode('POST', '/api/login/totp', { code: '123456' })).toBe(
      'NO_PENDING_LOGIN',
    );
    expect(
      await service.client().errorCode('POST', '/api/login/recovery-code', { code: 'abcde-12345' }),
    ).toBe('NO_PENDING_LOGIN');
  });

  it('accepts unicode usernames in NFKC form and refuses spaces, controls and overlong names', async () => {
    await admin.expect('POST', '/api/admin/users', { username: '山田', password: PASSWORD }, 201);
    // Full-width and composed forms sign in as the same user.
    await service.client().expect('POST', '/api/login', { username: '山田', password: PASSWORD }, 200);
    await admin.expect('POST', '/api/admin/users', { username: 'Ｃａｆé', password: PASSWORD }, 201);
    await service.client().expect('POST', '/api/login', { username: 'cafe\u0301', password: PASSWORD }, 200);
    expect(await admin.errorCode('POST', '/api/admin/users', { username: 'café', password: PASSWORD })).toBe(
      'USER_EXISTS',
    );
    for (const username of ['a b', 'a\u0000b', 'x'.repeat(65), '', '\u202eevil', 42]) {
      expect(await admin.errorCode('POST', '/api/admin/users', { username, password: PASSWORD })).toBe(
        'INVALID_USERNAME',
      );
    }
    expect(
      await service.client().errorCode('POST', '/api/login', { username: 'a\u0000b', password: PASSWORD }),
    ).toBe('INVALID_CREDENTIALS');
  });

  it('refuses short, overlong and non-text passwords', async () => {
    for (const password of ['short', 'x'.repeat(1025), 12345678, null]) {
      expect(await admin.errorCode('POST', '/api/admin/users', { username: 'bob', password })).toBe(
        'WEAK_PASSWORD',
      );
    }
  });

  it('answers unknown API paths with 404 NOT_FOUND as JSON', async () => {
    const response = await service.client().send('GET', '/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never answers 5xx to arbitrary JSON on any endpoint', async () => {
    const endpoints = [
      ['POST', '/api/login'],
      ['POST', '/api/login/totp'],
      ['POST', '/api/login/recovery-code'],
      ['POST', '/api/admin/users'],
      ['PUT', '/api/admin/settings'],
      ['POST', '/api/me/two-factor/enrollment/confirm'],
      ['DELETE', '/api/me/two-factor'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.jsonValue({ maxDepth: 3 }),
        async ([method, url], body) => {
          const response = await admin.send(method, url, body);
          expect(
            response.statusCode,
            `${method} ${url} ${JSON.stringify(body)} → ${response.body}`,
          ).toBeLessThan(500);
          expect((response.json() as { error?: { code?: string } }).error?.code ?? 'none').not.toBe(
            'INTERNAL',
          );
        },
      ),
      { numRuns: 150 },
    );
    // The administrator's own session survived all of it.
    await admin.expect('GET', '/api/me', undefined, 200);
  });
});
