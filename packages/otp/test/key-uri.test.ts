import { describe, expect, it } from 'vitest';
import { createAccount, formatKeyURI, KeyURIError, type KeyURIErrorCode, parseKeyURI } from '../src/index.ts';

const FOOBAR = new TextEncoder().encode('foobar'); // base32 MZXW6YTBOI

function errorCode(uri: string): KeyURIErrorCode | undefined {
  try {
    parseKeyURI(uri);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(KeyURIError);
    expect((error as KeyURIError).message.length).toBeGreaterThan(10);
    return (error as KeyURIError).code;
  }
}

describe('parseKeyURI', () => {
  // Google Key URI Format wiki, "Examples".
  it('reads the Google Key URI Format example', () => {
    const account = parseKeyURI(
      'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example',
    );
    expect(account).toMatchObject({
      type: 'totp',
      issuer: 'Example',
      name: 'alice@google.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0n,
    });
    expect(account.secret).toEqual(Uint8Array.of(0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef));
  });

  it('reads every parameter', () => {
    expect(
      parseKeyURI('otpauth://totp/ACME%20Co:john?secret=MZXW6YTBOI&algorithm=SHA256&digits=8&period=60'),
    ).toMatchObject({ issuer: 'ACME Co', name: 'john', algorithm: 'SHA256', digits: 8, period: 60 });
  });

  it('splits the label at the first colon, percent-encoded colons included', () => {
    expect(parseKeyURI('otpauth://totp/A:b:c?secret=MZXW6YTBOI')).toMatchObject({ issuer: 'A', name: 'b:c' });
    expect(parseKeyURI('otpauth://totp/A%3Ab%3Ac?secret=MZXW6YTBOI')).toMatchObject({
      issuer: 'A',
      name: 'b:c',
    });
    expect(parseKeyURI('otpauth://totp/A:%20%20bob?secret=MZXW6YTBOI')).toMatchObject({ name: 'bob' });
  });

  it('lets the issuer parameter win over a different label prefix', () => {
    expect(parseKeyURI('otpauth://totp/Old:bob?secret=MZXW6YTBOI&issuer=New')).toMatchObject({
      issuer: 'New',
      name: 'bob',
    });
    expect(parseKeyURI('otpauth://totp/bob?secret=MZXW6YTBOI&issuer=Only%20Param')).toMatchObject({
      issuer: 'Only Param',
      name: 'bob',
    });
  });

  it('tolerates lower-case, spaced and padded secrets', () => {
    for (const secret of ['mzxw6ytboi', 'MZXW%206YTB%20OI', 'MZXW6YTBOI%3D%3D%3D%3D%3D%3D', 'mzxw-6ytb-oi']) {
      expect(parseKeyURI(`otpauth://totp/x?secret=${secret}`).secret).toEqual(FOOBAR);
    }
  });

  it('reads HOTP counters, 0 when missing, beyond 2^32', () => {
    expect(parseKeyURI('otpauth://hotp/x?secret=MZXW6YTBOI').counter).toBe(0n);
    expect(parseKeyURI('otpauth://hotp/x?secret=MZXW6YTBOI&counter=4294967297').counter).toBe(4294967297n);
    expect(parseKeyURI('otpauth://hotp/x?secret=MZXW6YTBOI&counter=18446744073709551615').counter).toBe(
      (1n << 64n) - 1n,
    );
  });

  it('ignores unknown parameters and is case-insensitive in scheme, type and algorithm', () => {
    expect(
      parseKeyURI('OTPAUTH://TOTP/x?secret=MZXW6YTBOI&image=https%3A%2F%2Fx&foo=&algorithm=sha512'),
    ).toMatchObject({ type: 'totp', algorithm: 'SHA512' });
  });

  it('reads otpauth://steam/ and encoder=steam as Steam Guard', () => {
    expect(parseKeyURI('otpauth://steam/Steam:gabe?secret=MZXW6YTBOI')).toMatchObject({
      type: 'steam',
      digits: 5,
    });
    expect(parseKeyURI('otpauth://totp/Steam:gabe?secret=MZXW6YTBOI&encoder=steam&digits=5')).toMatchObject({
      type: 'steam',
      digits: 5,
      issuer: 'Steam',
      name: 'gabe',
    });
  });

  it('parses MD5 keys (IIJ SmartKey accepts them)', () => {
    expect(parseKeyURI('otpauth://totp/x?secret=MZXW6YTBOI&algorithm=MD5').algorithm).toBe('MD5');
  });

  it.each<[KeyURIErrorCode, string]>([
    ['NOT_OTPAUTH', 'https://example.com/?secret=MZXW6YTBOI'],
    ['NOT_OTPAUTH', 'otpauth-migration://offline?data=AA'],
    ['NOT_OTPAUTH', ''],
    ['UNKNOWN_TYPE', 'otpauth://motp/x?secret=MZXW6YTBOI'],
    ['UNKNOWN_TYPE', 'otpauth://?secret=MZXW6YTBOI'],
    ['MISSING_SECRET', 'otpauth://totp/x'],
    ['MISSING_SECRET', 'otpauth://totp/x?secret='],
    ['MISSING_SECRET', 'otpauth://totp/x?secret=%3D%3D'],
    ['BAD_SECRET', 'otpauth://totp/x?secret=MZXW1'],
    ['BAD_SECRET', 'otpauth://totp/x?secret=%E0%A4%A'],
    ['BAD_DIGITS', 'otpauth://totp/x?secret=MZXW6YTBOI&digits=0'],
    ['BAD_DIGITS', 'otpauth://totp/x?secret=MZXW6YTBOI&digits=11'],
    ['BAD_DIGITS', 'otpauth://totp/x?secret=MZXW6YTBOI&digits=six'],
    ['BAD_PERIOD', 'otpauth://totp/x?secret=MZXW6YTBOI&period=0'],
    ['BAD_PERIOD', 'otpauth://totp/x?secret=MZXW6YTBOI&period=86401'],
    ['BAD_PERIOD', 'otpauth://totp/x?secret=MZXW6YTBOI&period=-30'],
    ['BAD_ALGORITHM', 'otpauth://totp/x?secret=MZXW6YTBOI&algorithm=SHA3-256'],
    ['BAD_COUNTER', 'otpauth://hotp/x?secret=MZXW6YTBOI&counter=-1'],
    ['BAD_COUNTER', 'otpauth://hotp/x?secret=MZXW6YTBOI&counter=18446744073709551616'],
    ['BAD_LABEL', 'otpauth://totp/%E0%A4%A?secret=MZXW6YTBOI'],
  ])('refuses with %s: %s', (code, uri) => {
    expect(errorCode(uri)).toBe(code);
  });

  it('accepts digits 1–10 and periods 1–86,400 at the edges', () => {
    expect(parseKeyURI('otpauth://totp/x?secret=MZXW6YTBOI&digits=1&period=1')).toMatchObject({
      digits: 1,
      period: 1,
    });
    expect(parseKeyURI('otpauth://totp/x?secret=MZXW6YTBOI&digits=10&period=86400')).toMatchObject({
      digits: 10,
      period: 86400,
    });
  });
});

describe('formatKeyURI', () => {
  it('writes Google’s format with every parameter spelled out', () => {
    const account = createAccount({ secret: FOOBAR, issuer: 'ACME Co', name: 'john@example.com' });
    expect(formatKeyURI(account)).toBe(
      'otpauth://totp/ACME%20Co:john%40example.com?secret=MZXW6YTBOI&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('writes HOTP counters and Steam types', () => {
    expect(formatKeyURI(createAccount({ type: 'hotp', secret: FOOBAR, name: 'n', counter: 1n << 40n }))).toBe(
      'otpauth://hotp/n?secret=MZXW6YTBOI&algorithm=SHA1&digits=6&counter=1099511627776',
    );
    expect(formatKeyURI(createAccount({ type: 'steam', secret: FOOBAR, issuer: 'Steam', name: 'g' }))).toBe(
      'otpauth://steam/Steam:g?secret=MZXW6YTBOI&issuer=Steam',
    );
  });

  it('keeps an issuer that contains a colon whole', () => {
    const account = createAccount({ secret: FOOBAR, issuer: 'ACME: Co', name: 'x:y' });
    expect(parseKeyURI(formatKeyURI(account))).toMatchObject({ issuer: 'ACME: Co', name: 'x:y' });
  });

  it('keeps a colon in an issuer-less name from becoming an issuer', () => {
    const account = createAccount({ secret: FOOBAR, name: 'a:b' });
    expect(parseKeyURI(formatKeyURI(account))).toMatchObject({ issuer: '', name: 'a:b' });
  });
});
