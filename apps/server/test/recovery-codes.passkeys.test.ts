// Recovery codes belong to whatever second factor a person has, not only to an authenticator app:
// a person with passkeys alone can replace theirs, and turning the app off keeps them while
// passkeys remain (they are what gets that person in when the keys are lost).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { addPasskey } from './support/passkeys.js';
import { SoftwareAuthenticator } from './support/webauthn.js';

const ORIGIN = 'http://localhost:3000';

async function recoveryCodesLeft(service: TestService, username: string): Promise<number> {
  const row = await service.ctx.db
    .selectFrom('recovery_codes')
    .innerJoin('users', 'users.id', 'recovery_codes.user_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('users.username', '=', username)
    .where('recovery_codes.used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(dialects())('recovery codes beside passkeys (%s)', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService(dialect);
  });
  afterAll(async () => service.close());

  it('a person with passkeys only replaces their recovery codes, with a fresh proof when it is due', async () => {
    await addUser(service, 'noa');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'noa', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    const added = await addPasskey(owner, key, 'Phone');
    const first = added.recoveryCodes as string[];
    expect(first).toHaveLength(10);

    // Signed in with the passkey a moment ago: that is the proof.
    const client = service.client();
    const options = await client.expect('POST', '/api/login/passkey/options', {}, 200);
    const response = key.get(options as { challenge: string });
    expect(await client.expect('POST', '/api/login/passkey', { response }, 200)).toEqual({ status: 'ok' });
    const renewed = await client.expect('POST', '/api/me/two-factor/recovery-codes', {}, 200);
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(renewed.recoveryCodes).not.toContain(first[0]);

    // Later, a recovery code (or the passkey) proves it again.
    service.clock.advance(10 * 60);
    expect(await client.errorCode('POST', '/api/me/two-factor/recovery-codes', {})).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    const proof = { recoveryCode: (renewed.recoveryCodes as string[])[0] };
    const again = await client.expect('POST', '/api/me/two-factor/recovery-codes', proof, 200);
    expect(again.recoveryCodes).toHaveLength(10);
  });

  it('turning the authenticator app off keeps the recovery codes while passkeys remain', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'oto');
    service.clock.advance(30);
    await addPasskey(client, new SoftwareAuthenticator(ORIGIN), 'Laptop', { code: codeFor(service, secret) });
    expect(await recoveryCodesLeft(service, 'oto')).toBe(10);
    await client.expect('DELETE', '/api/me/two-factor', {}, 200);
    expect(await recoveryCodesLeft(service, 'oto')).toBe(10);
  });

  it('without any second factor there are no recovery codes to replace', async () => {
    await addUser(service, 'pia');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'pia', password: PASSWORD }, 200);
    expect(await client.errorCode('POST', '/api/me/two-factor/recovery-codes', {})).toBe(
      'TWO_FACTOR_NOT_ENABLED',
    );
  });
});
