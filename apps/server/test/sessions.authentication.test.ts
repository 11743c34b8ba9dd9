import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSession } from '../src/services/sessions.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// What single sign-on and the re-authentication rule read: when all factors were proven, and how.
describe.each(dialects())('sessions record their authentication on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
  });
  afterEach(async () => {
    await service.close();
  });

  const recorded = async (token: string | undefined) => {
    const session = await findSession(service.ctx, token);
    return { authTime: session?.authTime, amr: session?.amr, stage: session?.stage };
  };

  it('a password-only sign-in records pwd at the time of sign-in', async () => {
    await addUser(service, 'alice');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    expect(await recorded(client.session)).toEqual({
      authTime: service.clock.ms,
      amr: ['pwd'],
      stage: 'full',
    });
  });

  it('a sign-in waiting for its code has no authentication time; the code adds otp and the time', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    expect(await recorded(client.session)).toEqual({ authTime: null, amr: ['pwd'], stage: 'second_factor' });
    service.clock.advance(20);
    await client.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    expect(await recorded(client.session)).toEqual({
      authTime: service.clock.ms,
      amr: ['pwd', 'otp'],
      stage: 'full',
    });
  });

  it('a sign-in with a recovery code is recorded as such, not as a code from the authenticator', async () => {
    const { recoveryCodes } = await userWithTwoFactor(service, 'alice');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    await client.expect('POST', '/api/login/recovery-code', { code: recoveryCodes[0] }, 200);
    expect(await recorded(client.session)).toEqual({
      authTime: service.clock.ms,
      amr: ['pwd', 'rec'],
      stage: 'full',
    });
  });

  it('a registration the administrator requires ends with pwd and otp at the time it was confirmed', async () => {
    await setPolicy(service, { twoFactor: 'required' });
    await addUser(service, 'alice');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    expect(await recorded(client.session)).toEqual({
      authTime: service.clock.ms,
      amr: ['pwd'],
      stage: 'enrollment',
    });
    const enrollment = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    service.clock.advance(40);
    const code = codeFor(service, String(enrollment.secret));
    await client.expect('POST', '/api/me/two-factor/enrollment/confirm', { code }, 200);
    expect(await recorded(client.session)).toEqual({
      authTime: service.clock.ms,
      amr: ['pwd', 'otp'],
      stage: 'full',
    });
  });
});
