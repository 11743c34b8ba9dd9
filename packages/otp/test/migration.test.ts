import { describe, expect, it } from 'vitest';
import {
  createAccount,
  decodeBase32,
  decodeMigrationURI,
  encodeBase32,
  encodeMigrationURIs,
  MigrationError,
  type MigrationErrorCode,
} from '../src/index.ts';

// Google Authenticator exports published with other decoders, and what those decoders read from them.
const PUBLISHED_EXPORTS: {
  source: string;
  uri: string;
  accounts: { issuer: string; name: string; secret: string }[];
}[] = [
  {
    // dim13/otpauth README example
    source: 'dim13/otpauth README',
    uri: 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC',
    accounts: [{ issuer: 'Example', name: 'alice@google.com', secret: 'JBSWY3DPEHPK3PXP' }],
  },
  {
    // otp_auth_parser tests: two accounts in one payload
    source: 'otp_auth_parser tests',
    uri: 'otpauth-migration://offline?data=CkMKFD3GyqSCSm0oh2eyMx4gtDFmy4XZEhxBQ01FIENvOmpvaG4uZG9lQGV4YW1wbGUuY29tGgdBQ01FIENvIAEoATACCjUKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSABKAEwAg==',
    accounts: [
      { issuer: 'ACME Co', name: 'john.doe@example.com', secret: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ' },
      { issuer: 'Example', name: 'alice@google.com', secret: 'JBSWY3DPEHPK3PXP' },
    ],
  },
  {
    // otp_auth_parser tests: no issuer
    source: 'otp_auth_parser tests',
    uri: 'otpauth-migration://offline?data=CiMKCskCjMDVZlPV3OQSD015IFRlc3QgQWNjb3VudCABKAEwAhAB',
    accounts: [{ issuer: '', name: 'My Test Account', secret: 'ZEBIZQGVMZJ5LXHE' }],
  },
];

const SECRET = decodeBase32('JBSWY3DPEHPK3PXP');

function errorCode(uri: string): MigrationErrorCode | undefined {
  try {
    decodeMigrationURI(uri);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return (error as MigrationError).code;
  }
}

describe('decodeMigrationURI', () => {
  it.each(PUBLISHED_EXPORTS)('reads the export from $source as that decoder does', ({ uri, accounts }) => {
    const result = decodeMigrationURI(uri);
    expect(
      result.accounts.map((a) => ({ issuer: a.issuer, name: a.name, secret: encodeBase32(a.secret) })),
    ).toEqual(accounts);
    for (const account of result.accounts) {
      expect(account).toMatchObject({ type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    }
  });

  it('treats a payload without batch fields as page 1 of 1', () => {
    expect(decodeMigrationURI(PUBLISHED_EXPORTS[0]!.uri).batch).toEqual({ index: 0, size: 1, id: 0 });
  });

  it('tolerates spaces for "+", URL-safe base64 and missing padding', () => {
    const [uri] = encodeMigrationURIs(
      [createAccount({ secret: Uint8Array.of(0xfb, 0xff, 0xfe), name: 'x' })],
      {
        batchId: 1,
      },
    ).uris;
    const data = decodeURIComponent(uri!.split('data=')[1]!);
    const expected = decodeMigrationURI(uri!);
    for (const variant of [
      data.replaceAll('+', ' '),
      data.replaceAll('+', '-').replaceAll('/', '_'),
      data.replace(/=+$/, ''),
    ]) {
      expect(decodeMigrationURI(`otpauth-migration://offline?data=${variant}`)).toEqual(expected);
    }
  });

  it.each<[MigrationErrorCode, string]>([
    ['NOT_MIGRATION', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP'],
    ['NOT_MIGRATION', 'otpauth-migration://online?data=CjEK'],
    ['MISSING_DATA', 'otpauth-migration://offline?'],
    ['MISSING_DATA', 'otpauth-migration://offline?data='],
    ['MISSING_DATA', 'otpauth-migration://offline'],
    ['MISSING_DATA', 'OTPAUTH-MIGRATION://OFFLINE/'],
    ['NOT_MIGRATION', 'otpauth-migration://offlinex'],
    ['BAD_BASE64', 'otpauth-migration://offline?data=%%%'],
    ['BAD_BASE64', 'otpauth-migration://offline?data=ab!d'],
    ['BAD_PAYLOAD', 'otpauth-migration://offline?data=CjEKCkhlbGxv'],
    ['BAD_PAYLOAD', 'otpauth-migration://offline?data=CgA'],
  ])('refuses with %s: %s', (code, uri) => {
    expect(errorCode(uri)).toBe(code);
  });
});

describe('encodeMigrationURIs', () => {
  const many = Array.from({ length: 23 }, (_, i) =>
    createAccount({ secret: SECRET, issuer: 'Svc', name: `user${i}` }),
  );

  it('splits accounts into pages of perQR with one batch id, an index and the size', () => {
    const { uris, skipped } = encodeMigrationURIs(many, { perQR: 10, batchId: 4242 });
    expect(skipped).toEqual([]);
    expect(uris).toHaveLength(3);
    const pages = uris.map(decodeMigrationURI);
    expect(pages.map((p) => p.batch)).toEqual([0, 1, 2].map((index) => ({ index, size: 3, id: 4242 })));
    expect(pages.map((p) => p.accounts.length)).toEqual([10, 10, 3]);
    expect(pages.flatMap((p) => p.accounts)).toEqual(many);
  });

  it('defaults to 10 accounts per QR code and a random batch id', () => {
    const first = encodeMigrationURIs(many);
    const second = encodeMigrationURIs(many);
    expect(first.uris).toHaveLength(3);
    const id = decodeMigrationURI(first.uris[0]!).batch.id;
    expect(first.uris.every((uri) => decodeMigrationURI(uri).batch.id === id)).toBe(true);
    expect(decodeMigrationURI(second.uris[0]!).batch.id).not.toBe(id);
  });

  it('carries HOTP counters, 8 digits, SHA256/SHA512 and MD5', () => {
    const accounts = [
      createAccount({ type: 'hotp', secret: SECRET, name: 'h', counter: (1n << 40n) + 3n }),
      createAccount({ secret: SECRET, name: 'e', digits: 8, algorithm: 'SHA512' }),
      createAccount({ secret: SECRET, name: 's', algorithm: 'SHA256' }),
      createAccount({ secret: SECRET, name: 'm', algorithm: 'MD5' }),
    ];
    const { uris, skipped } = encodeMigrationURIs(accounts, { batchId: 7 });
    expect(skipped).toEqual([]);
    expect(decodeMigrationURI(uris[0]!).accounts).toEqual(accounts);
  });

  it('skips, with the reason, what the format cannot carry and changes nothing', () => {
    const steam = createAccount({ type: 'steam', secret: SECRET, name: 'steam' });
    const period60 = createAccount({ secret: SECRET, name: 'p', period: 60 });
    const digits7 = createAccount({ secret: SECRET, name: 'd', digits: 7 });
    const hotp5 = createAccount({ type: 'hotp', secret: SECRET, name: 'h', digits: 5 });
    const hugeCounter = createAccount({ type: 'hotp', secret: SECRET, name: 'c', counter: 1n << 63n });
    const fine = createAccount({ secret: SECRET, name: 'ok' });
    const { uris, skipped } = encodeMigrationURIs([steam, period60, fine, digits7, hotp5, hugeCounter], {
      batchId: 1,
    });
    expect(skipped.map((s) => s.account)).toEqual([steam, period60, digits7, hotp5, hugeCounter]);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/Steam/),
      expect.stringMatching(/30-second/),
      expect.stringMatching(/6- or 8-digit/),
      expect.stringMatching(/6- or 8-digit/),
      expect.stringMatching(/counter/),
    ]);
    expect(uris.flatMap((uri) => decodeMigrationURI(uri).accounts)).toEqual([fine]);
    expect(period60.period).toBe(60);
  });

  it('writes no URI when nothing can be carried', () => {
    expect(encodeMigrationURIs([]).uris).toEqual([]);
  });

  it('throws RangeError for a bad perQR or batchId', () => {
    expect(() => encodeMigrationURIs(many, { perQR: 0 })).toThrow(RangeError);
    expect(() => encodeMigrationURIs(many, { batchId: 2 ** 31 })).toThrow(RangeError);
  });
});
