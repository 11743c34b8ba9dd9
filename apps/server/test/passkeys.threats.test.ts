// Attacks on the passkey ceremonies: every one is refused, on every database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import {
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { addPasskey } from './support/passkeys.js';
import { SoftwareAuthenticator } from './support/webauthn.js';

const ORIGIN = 'http://localhost:3000';
type Options = { challenge: string; rpId?: string };

describe.each(dialects())('passkey attacks are refused (%s)', (dialect) => {
  let service: TestService;
  let key: SoftwareAuthenticator;

  /** A user with an authenticator app and one passkey (`key`). */
  async function victim(username: string): Promise<Client> {
    const { client, secret } = await userWithTwoFactor(service, username);
    service.clock.advance(30);
    key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(client, key, 'Key', { code: codeFor(service, secret) });
    service.clock.advance(30);
    return client;
  }

  /** A new browser past the password step, with the options of its passkey challenge. */
  async function pending(username: string): Promise<{ client: Client; options: Options }> {
    const client = service.client();
    await client.expect('POST', '/api/login', { username, password: PASSWORD }, 200);
    const options = (await client.expect('POST', '/api/login/passkey/options', {}, 200)) as Options;
    return { client, options };
  }

  const auditEvents = async () =>
    (await service.ctx.db.selectFrom('audit_log').select('event').orderBy('id').execute()).map(
      (row) => row.event,
    );

  beforeEach(async () => {
    service = await testService(dialect);
    await setPolicy(service, { twoFactor: 'allowed' });
  });
  afterEach(async () => service.close());

  it('a replayed assertion (challenge already used) does not sign in again', async () => {
    await victim('alice');
    const first = await pending('alice');
    const response = key.get(first.options);
    await first.client.expect('POST', '/api/login/passkey', { response }, 200);
    const second = await pending('alice');
    expect(await second.client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
  });

  it('a challenge handed to another pending sign-in is refused', async () => {
    await victim('alice');
    const mine = await pending('alice');
    const theirs = await pending('alice');
    const response = key.get(theirs.options);
    expect(await mine.client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
    // The misuse did not burn the challenge of the sign-in it belongs to.
    await theirs.client.expect('POST', '/api/login/passkey', { response }, 200);
  });

  it("an assertion made with another user's passkey is refused", async () => {
    await victim('mallory');
    const mallorysKey = key;
    await victim('alice');
    const { client, options } = await pending('alice');
    const response = mallorysKey.get(options);
    expect(await client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
    expect(await auditEvents()).toContain('login.passkey_failed');
  });

  it('an assertion made for another origin or RP ID (a phishing site) is refused', async () => {
    await victim('alice');
    for (const misbehave of [
      { origin: 'https://login-kakunin.example' },
      { rpId: 'login-kakunin.example' },
    ]) {
      const { client, options } = await pending('alice');
      const response = key.get(options, misbehave);
      expect(await client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
    }
  });

  it('a cloned authenticator (signature counter going back) is refused and audited', async () => {
    await victim('alice');
    const first = await pending('alice');
    await first.client.expect('POST', '/api/login/passkey', { response: key.get(first.options) }, 200);
    const clone = await pending('alice');
    const response = key.get(clone.options, { counter: 1 });
    expect(await clone.client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
    expect(await auditEvents()).toContain('passkey.clone_suspected');
  });

  it('a removed passkey is refused', async () => {
    const owner = await victim('alice');
    const listed = (await owner.expect('GET', '/api/me/passkeys', undefined, 200)).passkeys as {
      id: number;
    }[];
    const id = listed[0]?.id;
    await owner.expect('DELETE', `/api/me/passkeys/${id}`, {}, 200);
    const { client, options } = await pending('alice');
    expect(await client.errorCode('POST', '/api/login/passkey', { response: key.get(options) })).toBe(
      'PASSKEY_REFUSED',
    );
  });

  it('a registration answered for another origin, or with a used challenge, is refused', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'alice');
    service.clock.advance(30);
    const options = await client.expect(
      'POST',
      '/api/me/passkeys/options',
      { code: codeFor(service, secret) },
      200,
    );
    const phished = new SoftwareAuthenticator('https://login-kakunin.example').create(
      options as { challenge: string; rp: { id?: string } },
    );
    expect(await client.errorCode('POST', '/api/me/passkeys', { response: phished, name: 'x' })).toBe(
      'PASSKEY_REFUSED',
    );
    // The refused answer used the challenge up: a correct answer to it is refused too.
    const late = new SoftwareAuthenticator(ORIGIN).create(
      options as { challenge: string; rp: { id?: string } },
    );
    expect(await client.errorCode('POST', '/api/me/passkeys', { response: late, name: 'x' })).toBe(
      'PASSKEY_REFUSED',
    );
  });

  it('a stolen session cannot add a passkey without re-authenticating', async () => {
    const { client } = await userWithTwoFactor(service, 'alice');
    service.clock.advance(10 * 60);
    expect(await client.errorCode('POST', '/api/me/passkeys/options', {})).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('refused assertions count toward the account lock like wrong codes', async () => {
    await setPolicy(service, { twoFactor: 'allowed', lockout: { maxFailures: 3, lockSeconds: 600 } });
    await victim('alice');
    const stranger = new SoftwareAuthenticator(ORIGIN);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const { client, options } = await pending('alice');
      codes.push(await client.errorCode('POST', '/api/login/passkey', { response: stranger.get(options) }));
    }
    expect(codes.slice(0, 2)).toEqual(['PASSKEY_REFUSED', 'PASSKEY_REFUSED']);
    expect(codes[2]).toBe('ACCOUNT_LOCKED');
    expect(await auditEvents()).toContain('account.locked');
  });
});
