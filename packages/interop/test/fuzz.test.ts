import { encodeBase32, formatKeyURI } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNEXPECTED } from '../src/import-file.ts';
import { exportAegis, exportURIList, ImportError, importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

// Whatever the bytes, importFile either imports or fails with an ImportError: never another exception.
const settles = async (bytes: Uint8Array): Promise<void> => {
  try {
    await importFile(bytes, { filename: 'fuzz' });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    expect(error.filename).toBe('fuzz');
    // The catch-all for exceptions no reader anticipated must stay unused.
    expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
  }
};

const twoFAS = JSON.stringify({
  services: SAMPLE.map((a) => ({ name: a.issuer, secret: encodeBase32(a.secret), otp: { account: a.name } })),
  schemaVersion: 4,
});

describe('importFile on arbitrary input', () => {
  it('settles on random bytes and random JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), (b) => settles(b)),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.json(), (text) => settles(bytesOf(text))),
      { numRuns: 200 },
    );
  });

  it('settles on valid exports with characters changed, removed or cut off', async () => {
    const samples = [
      exportURIList(SAMPLE),
      twoFAS,
      await exportAegis(SAMPLE),
      JSON.stringify({ tokens: [] }),
    ];
    const mutation = fc.record({
      sample: fc.constantFrom(...samples),
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'delete', 'cut'),
      char: fc.constantFrom('"', '{', ']', ',', ':', '0', 'x', '\u0000', '/', '%', '\n'),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ sample, at, kind, char }) => {
        const i = at % sample.length;
        const text =
          kind === 'cut'
            ? sample.slice(0, i)
            : sample.slice(0, i) + (kind === 'replace' ? char : '') + sample.slice(i + 1);
        await settles(bytesOf(text));
      }),
      { numRuns: 300 },
    );
  });

  it('settles on otpauth:// lines with arbitrary parameters', async () => {
    const base = formatKeyURI(SAMPLE[0]!);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (key, value) =>
        settles(bytesOf(`${base}&${encodeURIComponent(key)}=${value}\n`)),
      ),
      { numRuns: 200 },
    );
  });
});
