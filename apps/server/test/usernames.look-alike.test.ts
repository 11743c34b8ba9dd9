import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusableSkeleton } from '../src/services/confusables.js';
import type { Client } from './support/client.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

// Threat: a look-alike account. An attacker (or a careless administrator) creates `аdmin` with a
// Cyrillic а next to `admin`; in the console, the audit log and a protected app's header the two read
// the same, so the impostor is taken for the real one. Defence: a name whose UTS #39 skeleton (after
// NFKC and case folding) equals an existing name's is refused.
describe.each(dialects())('look-alike usernames on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'admin', 'admin');
    await addUser(service, 'paypal');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'admin', password: PASSWORD }, 200);
  });
  afterAll(async () => {
    await service.close();
  });

  const create = (username: string) =>
    admin.errorCode('POST', '/api/admin/users', { username, password: PASSWORD });

  it.each([
    ['\u0430dmin', 'Cyrillic а (U+0430) for Latin a'],
    ['admın', 'dotless ı (U+0131) for i'],
    ['ɑdmin', 'Latin alpha (U+0251) for a'],
    ['\u0440\u0430ypal', 'Cyrillic р and а'],
    ['paypa1', 'digit 1 for l'],
    ['pаypаl', 'two Cyrillic а'],
  ])('refuses %s (%s)', async (name) => {
    expect(await create(name)).toBe('USERNAME_CONFUSABLE');
  });

  it('treats full-width and other compatibility forms as the same name', async () => {
    expect(await create('ａｄｍｉｎ')).toBe('USER_EXISTS');
    expect(await create('Admin')).toBe('USER_EXISTS');
  });

  it('still accepts names that only look different, in any script', async () => {
    await admin.expect('POST', '/api/admin/users', { username: 'admins', password: PASSWORD }, 201);
    await admin.expect('POST', '/api/admin/users', { username: '山田', password: PASSWORD }, 201);
    await admin.expect('POST', '/api/admin/users', { username: 'иван', password: PASSWORD }, 201);
  });

  it('says why in the answer', async () => {
    const en = await admin.send('POST', '/api/admin/users', { username: 'аdmin', password: PASSWORD });
    expect(en.statusCode).toBe(409);
    expect(en.json().error.message).toMatch(/mistaken for the name of an existing user/);
  });
});

describe('the skeleton', () => {
  it('maps look-alikes from other scripts onto one form (UTS #39)', () => {
    expect(confusableSkeleton('\u0430dmin')).toBe(confusableSkeleton('admin'));
    expect(confusableSkeleton('straße')).toBe(confusableSkeleton('strasse'));
    expect(confusableSkeleton('rnary')).toBe(confusableSkeleton('mary'));
    expect(confusableSkeleton('bob')).not.toBe(confusableSkeleton('rob'));
  });
});
