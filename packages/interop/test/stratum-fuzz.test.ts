/**
 * Encrypted Stratum backups on damaged or arbitrary input: a clear refusal (an ImportError naming the
 * file, never the catch-all for unforeseen exceptions), never a crash, never a partial import, and a
 * key-derivation cost the file cannot raise.
 *
 * Argon2id (64 MiB, 3 passes) takes about a second a call here, too slow for hundreds of runs: the
 * properties run with a stand-in key derivation (SHA-256 of the same inputs, so password and salt still
 * decide the key), and a few runs at the end use the real Argon2id.
 */
import { createHash } from 'node:crypto';
import { encodeBase32 } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { UNEXPECTED } from '../src/import-file.ts';
import { ImportError, importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';
import { concatBytes, stratumLegacySeal, stratumSeal } from './support/seal.ts';

const kdf = vi.hoisted(() => ({ real: false, costs: new Set<string>() }));

vi.mock('hash-wasm', async (importOriginal) => {
  const actual = await importOriginal<typeof import('hash-wasm')>();
  return {
    ...actual,
    argon2id: async (options: Parameters<typeof actual.argon2id>[0]) => {
      const { memorySize, iterations, parallelism, hashLength } = options;
      kdf.costs.add(JSON.stringify({ memorySize, iterations, parallelism, hashLength }));
      if (kdf.real) return actual.argon2id(options);
      const hash = createHash('sha256')
        .update(String(options.password))
        .update(options.salt as Uint8Array);
      return new Uint8Array(hash.digest());
    },
  };
});

const CURRENT = bytesOf('AUTHENTICATORPRO');
const LEGACY = bytesOf('AuthenticatorPro');
const PASSWORD = 'correct horse';

const sealCurrent = (plain: Uint8Array, password = PASSWORD): Promise<Uint8Array> =>
  stratumSeal(plain, password, new Uint8Array(16).fill(7), new Uint8Array(12).fill(8));
const sealLegacy = (plain: Uint8Array): Promise<Uint8Array> =>
  stratumLegacySeal(plain, PASSWORD, new Uint8Array(20).fill(5), new Uint8Array(16).fill(6));

const backup = JSON.stringify({
  Authenticators: SAMPLE.filter((a) => a.algorithm !== 'MD5' && a.type !== 'steam').map((a) => ({
    Type: a.type === 'hotp' ? 1 : 2,
    Issuer: a.issuer,
    Username: a.name,
    Secret: encodeBase32(a.secret),
    Algorithm: ['SHA1', 'SHA256', 'SHA512'].indexOf(a.algorithm),
    Digits: a.digits,
    Period: a.period,
    Counter: Number(a.counter),
  })),
});

/** Imports `bytes`; a refusal must be an ImportError with one of `codes`, naming the file. */
async function refusedOrRead(
  bytes: Uint8Array,
  password: string | undefined,
  codes: readonly string[],
): Promise<'read' | string> {
  try {
    await importFile(bytes, { filename: 'backup.authpro', ...(password === undefined ? {} : { password }) });
    return 'read';
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    expect(error.filename).toBe('backup.authpro');
    expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
    expect(codes).toContain(error.code);
    return error.code;
  }
}

const ENCRYPTED_REFUSALS = ['PASSWORD_REQUIRED', 'WRONG_PASSWORD', 'DAMAGED'];
// A changed header byte makes it another kind of file, or none.
const ANY_REFUSAL = [...ENCRYPTED_REFUSALS, 'UNKNOWN_FORMAT', 'UNSUPPORTED_VERSION'];

describe('encrypted Stratum backups on damaged or arbitrary input', () => {
  it('refuses random content behind either header: password required, wrong or damaged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.uint8Array({ maxLength: 200 }),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        async (legacy, body, password) => {
          const code = await refusedOrRead(
            concatBytes(legacy ? LEGACY : CURRENT, body),
            password,
            ENCRYPTED_REFUSALS,
          );
          expect(code).toBe(password === undefined ? 'PASSWORD_REQUIRED' : code);
          expect(code).not.toBe('read');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never imports part of a damaged backup: a changed, removed or cut-off byte is refused', async () => {
    const current = await sealCurrent(bytesOf(backup));
    const legacy = await sealLegacy(bytesOf(backup));
    expect(await refusedOrRead(current, PASSWORD, [])).toBe('read');
    expect(await refusedOrRead(legacy, PASSWORD, [])).toBe('read');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(current, legacy),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('flip', 'delete', 'cut'),
        async (file, at, xor, kind) => {
          const i = at % file.length;
          const damaged =
            kind === 'cut'
              ? file.slice(0, i)
              : kind === 'delete'
                ? concatBytes(file.slice(0, i), file.slice(i + 1))
                : file.map((b, j) => (j === i ? b ^ xor : b));
          expect(await refusedOrRead(damaged, PASSWORD, ANY_REFUSAL)).not.toBe('read');
        },
      ),
      { numRuns: 120 },
    );
  });

  it('settles on anything that decrypts: arbitrary JSON or bytes sealed with the right key', async () => {
    const authenticator = fc.dictionary(
      fc.constantFrom('Type', 'Issuer', 'Username', 'Secret', 'Algorithm', 'Digits', 'Period', 'Counter'),
      fc.oneof(fc.jsonValue(), fc.constantFrom('JBSWY3DPEHPK3PXP', 2, 1, 0, -1, 1e308)),
    );
    const plain = fc.oneof(
      fc.json().map(bytesOf),
      fc.uint8Array({ maxLength: 100 }),
      fc
        .array(authenticator, { maxLength: 4 })
        .map((list) => bytesOf(JSON.stringify({ Authenticators: list }))),
    );
    await fc.assert(
      fc.asyncProperty(plain, async (bytes) => {
        await refusedOrRead(await sealCurrent(bytes), PASSWORD, [
          'DAMAGED',
          'WRONG_PASSWORD',
          'UNSUPPORTED_VERSION',
        ]);
      }),
      { numRuns: 150 },
    );
  });

  it('with the real Argon2id: a wrong password, random content and a damaged file are refused', async () => {
    kdf.real = true;
    try {
      const file = await sealCurrent(bytesOf(backup));
      expect(await refusedOrRead(file, 'wrong', ENCRYPTED_REFUSALS)).toBe('WRONG_PASSWORD');
      const flipped = file.map((b, j) => (j === file.length - 1 ? b ^ 1 : b));
      expect(await refusedOrRead(flipped, PASSWORD, ENCRYPTED_REFUSALS)).toBe('WRONG_PASSWORD');
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 44, maxLength: 120 }), async (body) => {
          expect(await refusedOrRead(concatBytes(CURRENT, body), PASSWORD, ENCRYPTED_REFUSALS)).toBe(
            'WRONG_PASSWORD',
          );
        }),
        { numRuns: 2 },
      );
      expect(await refusedOrRead(file, PASSWORD, [])).toBe('read');
    } finally {
      kdf.real = false;
    }
    // Whatever the file held, the key derivation ran at the format's one fixed cost.
    expect([...kdf.costs]).toEqual([
      JSON.stringify({ memorySize: 65536, iterations: 3, parallelism: 4, hashLength: 32 }),
    ]);
  }, 60_000);
});
