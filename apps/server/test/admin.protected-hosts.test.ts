import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { forwardAuth, protect, proxiedService, signedInUser } from './support/forward-auth.js';
import { dialects, type TestService } from './support/harness.js';

// Who may enter which app is the administrator's decision alone, and every change leaves a trace.
describe.each(dialects())('protected hosts API on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeEach(async () => {
    service = await proxiedService(dialect);
    admin = await signedInUser(service, 'root', 'admin');
  });
  afterEach(async () => {
    await service.close();
  });

  it('adds, lists, changes and removes rules, with an audit event for each', async () => {
    const added = await admin.expect(
      'POST',
      '/api/admin/protected-hosts',
      { host: ' Wiki.Example.com. ', users: ['Alice', 'alice'], roles: ['user'], twoFactor: true },
      201,
    );
    expect(added).toEqual({
      host: 'wiki.example.com',
      users: ['alice'],
      roles: ['user'],
      twoFactor: true,
    });
    await protect(admin, { host: '*.tools.example.com' });
    expect((await admin.expect('GET', '/api/admin/protected-hosts', undefined, 200)).hosts).toEqual([
      { host: '*.tools.example.com', users: [], roles: [], twoFactor: false },
      { host: 'wiki.example.com', users: ['alice'], roles: ['user'], twoFactor: true },
    ]);
    await admin.expect('PUT', '/api/admin/protected-hosts/wiki.example.com', { roles: ['admin'] }, 200);
    const hosts = (await admin.expect('GET', '/api/admin/protected-hosts', undefined, 200)).hosts;
    expect(hosts).toContainEqual({ host: 'wiki.example.com', users: [], roles: ['admin'], twoFactor: false });
    await admin.expect('DELETE', '/api/admin/protected-hosts/*.tools.example.com', undefined, 200);
    expect((await admin.expect('GET', '/api/admin/protected-hosts', undefined, 200)).hosts).toHaveLength(1);
    const events = (await admin.expect('GET', '/api/admin/audit', undefined, 200)).events as {
      event: string;
      target: string;
      actor: string;
    }[];
    expect(
      events.filter((each) => each.event.startsWith('protected_host.')).map((each) => each.event),
    ).toEqual([
      'protected_host.removed',
      'protected_host.changed',
      'protected_host.added',
      'protected_host.added',
    ]);
    expect(events[0]).toMatchObject({ actor: 'root', target: '*.tools.example.com' });
  });

  it('says what is wrong with a bad rule', async () => {
    const bad = [
      [{ host: 'wiki.example.com:8080' }, 'INVALID_HOST'],
      [{ host: 'https://wiki.example.com' }, 'INVALID_HOST'],
      [{ host: 'wiki.*.example.com' }, 'INVALID_HOST'],
      [{ host: 42 }, 'INVALID_HOST'],
      [{ host: 'wiki.example.com', roles: ['owner'] }, 'BAD_REQUEST'],
      [{ host: 'wiki.example.com', users: 'alice' }, 'BAD_REQUEST'],
      [{ host: 'wiki.example.com', users: ['a b'] }, 'INVALID_USERNAME'],
      [{ host: 'wiki.example.com', twoFactor: 'yes' }, 'BAD_REQUEST'],
    ] as const;
    for (const [body, code] of bad)
      expect(await admin.errorCode('POST', '/api/admin/protected-hosts', body)).toBe(code);
    await protect(admin, { host: 'wiki.example.com' });
    expect(await admin.errorCode('POST', '/api/admin/protected-hosts', { host: 'WIKI.example.com' })).toBe(
      'HOST_EXISTS',
    );
    expect(await admin.errorCode('PUT', '/api/admin/protected-hosts/nope.example.com', {})).toBe(
      'HOST_NOT_FOUND',
    );
    expect(await admin.errorCode('DELETE', '/api/admin/protected-hosts/nope.example.com')).toBe(
      'HOST_NOT_FOUND',
    );
  });

  it('is for administrators only', async () => {
    const alice = await signedInUser(service, 'alice');
    expect(await alice.errorCode('GET', '/api/admin/protected-hosts')).toBe('FORBIDDEN');
    expect(await alice.errorCode('POST', '/api/admin/protected-hosts', { host: 'mine.example.com' })).toBe(
      'FORBIDDEN',
    );
    expect(await service.client().errorCode('DELETE', '/api/admin/protected-hosts/x.example.com')).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('applies a change on this instance to the very next check', async () => {
    const alice = await signedInUser(service, 'alice');
    expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(403);
    await protect(admin, { host: 'wiki.example.com' });
    expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(200);
    await admin.expect('PUT', '/api/admin/protected-hosts/wiki.example.com', { roles: ['admin'] }, 200);
    expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(403);
  });
});

describe('protected apps console page', () => {
  let service: TestService;
  let admin: Client;
  beforeEach(async () => {
    service = await proxiedService('sqlite');
    admin = await signedInUser(service, 'root', 'admin');
  });
  afterEach(async () => {
    await service.close();
  });

  async function submit(path: string, html: string, fields: Record<string, string>) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return admin.send('POST', path, undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  }

  it('protects, changes and removes an app through its forms, in English and Japanese', async () => {
    const list = await admin.send('GET', '/admin/protected-hosts');
    expect(list.body).toContain('No app is protected yet.');
    const bad = await submit('/admin/protected-hosts', list.body, { host: 'wiki.example.com:8080' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('without a port');
    expect(bad.body).toContain('value="wiki.example.com:8080"');
    const added = await submit('/admin/protected-hosts', list.body, {
      host: 'wiki.example.com',
      users: 'alice, bob',
      'role-admin': 'on',
      twoFactor: 'on',
    });
    expect(added.headers.location).toBe('/admin/protected-hosts/wiki.example.com?notice=added');
    const rule = await admin.send('GET', added.headers.location as string);
    expect(rule.body).toContain('wiki.example.com is now protected.');
    expect((await admin.expect('GET', '/api/admin/protected-hosts', undefined, 200)).hosts).toEqual([
      { host: 'wiki.example.com', users: ['alice', 'bob'], roles: ['admin'], twoFactor: true },
    ]);
    const saved = await submit('/admin/protected-hosts/wiki.example.com', rule.body, { users: '' });
    expect(saved.headers.location).toBe('/admin/protected-hosts/wiki.example.com?notice=saved');
    admin.cookies.set('lang', 'ja');
    const listJa = await admin.send('GET', '/admin/protected-hosts');
    expect(listJa.body).toContain('リバースプロキシの背後のアプリ');
    expect(listJa.body).toContain('ログインしているすべてのユーザー');
    const removed = await submit('/admin/protected-hosts/wiki.example.com/remove', listJa.body, {});
    expect(removed.headers.location).toBe('/admin/protected-hosts?notice=removed&host=wiki.example.com');
    expect((await admin.send('GET', removed.headers.location as string)).body).toContain(
      'wiki.example.com のルールを削除しました。',
    );
  });
});
