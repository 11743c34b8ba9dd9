import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRecoveryCodes, normalizeRecoveryCode } from '../src/crypto/recovery-codes.js';
import {
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: a recovery code seen once (paper, screenshot) being used again, or old codes outliving
// a regeneration. Defence: codes stored hashed, claimed with an atomic UPDATE, replaced as a set.
describe.each(dialects())('recovery codes on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  let recoveryCodes: string[];
  beforeEach(async () => {
    service = await testService(dialect);
    ({ secret, recoveryCodes } = await userWithTwoFactor(service, 'alice'));
  });
  afterEach(async () => {
    await service.close();
  });

  async function pending() {
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    return client;
  }

  it('signs in with a recovery code exactly once', async () => {
    const code = recoveryCodes[3]!;
    const first = await pending();
    await first.expect('POST', '/api/login/recovery-code', { code }, 200);
    expect((await first.expect('GET', '/api/me', undefined, 200)).twoFactor).toMatchObject({
      recoveryCodesLeft: 9,
    });
    const second = await pending();
    expect(await second.errorCode('POST', '/api/login/recovery-code', { code })).toBe('INVALID_CODE');
    const audit = await service.ctx.db
      .selectFrom('audit_log')
      .select('event')
      .where('event', '=', 'recovery_code.used')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('accepts the code typed loosely (upper case, spaces, no dash)', async () => {
    const client = await pending();
    const typed = ` ${recoveryCodes[0]!.toUpperCase().replace('-', ' ')} `;
    await client.expect('POST', '/api/login/recovery-code', { code: typed }, 200);
  });

  it('gives one success to concurrent sign-ins racing with the same recovery code', async () => {
    const clients = await Promise.all([1, 2, 3, 4, 5, 6].map(() => pending()));
    const code = recoveryCodes[0]!;
    const responses = await Promise.all(
      clients.map((client) => client.send('POST', '/api/login/recovery-code', { code })),
    );
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
  });

  it('stops the old codes when new ones are generated', async () => {
    const signedIn = await pending();
    await signedIn.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    service.clock.advance(30);
    const { recoveryCodes: fresh } = (await signedIn.expect(
      'POST',
      '/api/me/two-factor/recovery-codes',
      { code: codeFor(service, secret) },
      200,
    )) as { recoveryCodes: string[] };
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => recoveryCodes.includes(code))).toBe(false);
    expect(
      await (await pending()).errorCode('POST', '/api/login/recovery-code', { code: recoveryCodes[1] }),
    ).toBe('INVALID_CODE');
    await (await pending()).expect('POST', '/api/login/recovery-code', { code: fresh[1] }, 200);
  });

  it('counts a wrong recovery code as a failed attempt', async () => {
    const client = await pending();
    expect(await client.errorCode('POST', '/api/login/recovery-code', { code: 'aaaaa-bbbbb' })).toBe(
      'INVALID_CODE',
    );
    const user = await service.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    const row = await service.ctx.db
      .selectFrom('attempt_counters')
      .select('failures')
      .where('key', '=', `recovery:${user.id}`)
      .executeTakeFirstOrThrow();
    expect(row.failures).toBe(1);
  });
});

describe('recovery code format', () => {
  it('generates ten distinct 80-bit codes in four groups of four from the unambiguous alphabet', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
    // 16 characters of a 32-letter alphabet: 80 bits.
    expect(normalizeRecoveryCode(codes[0]!)).toHaveLength(16);
  });

  it('reads look-alike letters as the digits they resemble and rejects anything else', () => {
    expect(normalizeRecoveryCode('ILO12-abcde')).toBe('11012abcde');
    expect(normalizeRecoveryCode('ＡＢＣＤＥ－１２３４５'.replace('－', '-'))).toBe('abcde12345');
    expect(normalizeRecoveryCode('k3m9-q7xw-2pzd-8fhn')).toBe('k3m9q7xw2pzd8fhn');
    expect(normalizeRecoveryCode('abc')).toBeUndefined();
    expect(normalizeRecoveryCode('k3m9-q7xw-2pzd-8fh')).toBeUndefined();
    expect(normalizeRecoveryCode('abcde-1234!')).toBeUndefined();
  });
});
