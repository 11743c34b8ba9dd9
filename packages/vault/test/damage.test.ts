import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVault, openVault, type Vault, VaultError, type VaultErrorCode } from '../src/index.js';
import { sampleAccounts } from './fixtures.js';
import { rememberingScrypt } from './helpers.js';

const PASSWORD = 'damage test';
const scrypt = rememberingScrypt();
let original: Vault;
let text: string;

beforeAll(async () => {
  original = await createVault(PASSWORD, { scrypt });
  for (const account of sampleAccounts) original.add(account);
  text = await original.serialize();
});

/** Opens the text and says how it went: 'same' (identical entries) or the error code. */
async function outcome(changed: string): Promise<VaultErrorCode | 'same'> {
  try {
    const vault = await openVault(changed, PASSWORD, { scrypt });
    expect(vault.entries()).toEqual(original.entries());
    return 'same';
  } catch (error) {
    // Anything but a VaultError (TypeError, RangeError, SyntaxError…) would be a crash.
    if (!(error instanceof VaultError)) throw error;
    return error.code;
  }
}

// Printable ASCII, any UTF-16 unit, and hex digits (which keep hex fields decodable but change them).
const character = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(...'0123456789abcdefA').map((c) => c.charCodeAt(0)),
);

const replaceAt = (s: string, at: number, char: string): string => s.slice(0, at) + char + s.slice(at + 1);

describe('a vault file with changed bytes', () => {
  it('never crashes and never opens with other content, whichever byte changes to whatever', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), character, async (n, code) => {
        const at = n % text.length;
        const char = String.fromCharCode(code);
        fc.pre(char !== text[at]);
        const result = await outcome(replaceAt(text, at, char));
        seen.add(result);
        expect([
          'same',
          'DAMAGED',
          'WRONG_PASSWORD',
          'NOT_A_VAULT',
          'UNSUPPORTED_VERSION',
          'NO_PASSWORD_SLOT',
        ]).toContain(result);
      }),
      { numRuns: 150 },
    );
    expect(seen).toContain('DAMAGED');
  });

  it('is DAMAGED when any bit of the encrypted database, its nonce or its tag changes (GCM tag check)', async () => {
    const file = JSON.parse(text);
    const ciphertext = Buffer.from(file.db, 'base64');
    for (let i = 0; i < ciphertext.length; i++) {
      const flipped = Buffer.from(ciphertext);
      flipped[i]! ^= 1 << (i % 8);
      expect(await outcome(JSON.stringify({ ...file, db: flipped.toString('base64') }))).toBe('DAMAGED');
    }
    for (const field of ['nonce', 'tag'] as const) {
      const bytes = Buffer.from(file.header.params[field], 'hex');
      for (let i = 0; i < bytes.length; i++) {
        const flipped = Buffer.from(bytes);
        flipped[i]! ^= 0x80 >> (i % 8);
        const params = { ...file.header.params, [field]: flipped.toString('hex') };
        expect(await outcome(JSON.stringify({ ...file, header: { ...file.header, params } }))).toBe(
          'DAMAGED',
        );
      }
    }
  });

  it('is DAMAGED when any character of the Base64 database text changes', async () => {
    const start = text.indexOf('"db": "') + 7;
    const end = text.indexOf('"', start);
    for (let at = start; at < end; at += 3) {
      const char = text[at] === 'A' ? 'B' : 'A';
      expect(await outcome(replaceAt(text, at, char))).toBe('DAMAGED');
    }
  });

  it('is DAMAGED or NOT_A_VAULT when the file is cut short anywhere', async () => {
    for (let length = 0; length < text.length; length += 5) {
      expect(['DAMAGED', 'NOT_A_VAULT']).toContain(await outcome(text.slice(0, length)));
    }
  });

  it('is NOT_A_VAULT for random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        expect(await outcome(new TextDecoder().decode(bytes))).toBe('NOT_A_VAULT');
      }),
      { numRuns: 100 },
    );
  });
});
