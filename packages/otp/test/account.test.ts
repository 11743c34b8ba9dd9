import { describe, expect, it } from 'vitest';
import { code, createAccount, remainingMs, totp } from '../src/index.ts';

const SECRET = new TextEncoder().encode('12345678901234567890');

describe('createAccount', () => {
  it('fills the defaults: totp, SHA1, 6 digits, 30 s, counter 0', () => {
    expect(createAccount({ secret: SECRET })).toEqual({
      type: 'totp',
      secret: SECRET,
      issuer: '',
      name: '',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0n,
    });
  });

  it('gives Steam accounts five characters and keeps optional metadata', () => {
    expect(createAccount({ type: 'steam', secret: SECRET, note: 'n', group: 'g' })).toMatchObject({
      digits: 5,
      period: 30,
      note: 'n',
      group: 'g',
    });
  });

  it.each([
    ['empty secret', { secret: new Uint8Array(0) }],
    ['digits 0', { secret: SECRET, digits: 0 }],
    ['digits 11', { secret: SECRET, digits: 11 }],
    ['period 0', { secret: SECRET, period: 0 }],
    ['period 86401', { secret: SECRET, period: 86_401 }],
    ['negative counter', { secret: SECRET, counter: -1n }],
    ['counter 2^64', { secret: SECRET, counter: 1n << 64n }],
    ['Steam with 6 digits', { secret: SECRET, type: 'steam' as const, digits: 6 }],
    ['Steam with SHA256', { secret: SECRET, type: 'steam' as const, algorithm: 'SHA256' as const }],
    ['unknown algorithm', { secret: SECRET, algorithm: 'SHA384' as 'SHA1' }],
    ['unknown type', { secret: SECRET, type: 'motp' as 'totp' }],
  ])('throws RangeError for %s', (_, fields) => {
    expect(() => createAccount(fields)).toThrow(RangeError);
  });
});

describe('code and remainingMs', () => {
  it('shows the TOTP code for the time and the HOTP code for the stored counter', () => {
    expect(code(createAccount({ secret: SECRET, digits: 8 }), 59_000)).toBe('94287082'); // RFC 6238 App. B
    expect(code(createAccount({ type: 'hotp', secret: SECRET, counter: 9n }), 59_000)).toBe('520489'); // RFC 4226 App. D
    const account = createAccount({ secret: SECRET, algorithm: 'SHA256', period: 60 });
    expect(code(account, 1_000_000)).toBe(totp(SECRET, 1_000_000, { algorithm: 'SHA256', period: 60 }));
  });

  it('counts down to the end of the current step', () => {
    const account = createAccount({ secret: SECRET });
    expect(remainingMs(account, 0)).toBe(30_000);
    expect(remainingMs(account, 29_999)).toBe(1);
    expect(remainingMs(account, 30_000)).toBe(30_000);
    expect(remainingMs(createAccount({ secret: SECRET, period: 90 }), 100_000)).toBe(80_000);
    expect(remainingMs(createAccount({ type: 'hotp', secret: SECRET }), 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
