import { describe, expect, it } from 'vitest';
import {
  createAccount,
  decodeMigrationURI,
  encodeMigrationURIs,
  formatKeyURI,
  KeyURIError,
  MigrationError,
  parseKeyURI,
} from '../src/index.ts';
import { seededRandom } from './arbitraries.ts';

// 50,000 random and 50,000 mutated inputs per parser: only the parser's typed error may escape.
const RUNS = 50_000;
const random = seededRandom(0x0f0f_2026);
const int = (max: number) => Math.floor(random() * max);
const INTERESTING = [
  ...'%:/?&=#+ -_.~\\@',
  '%3A',
  '%E0%A4%A',
  '%00',
  '%',
  '\u0000',
  '確',
  '\uD800',
  'otpauth://',
  '==',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(): string {
  let text = '';
  const length = int(60);
  for (let i = 0; i < length; i++) {
    text += random() < 0.3 ? INTERESTING[int(INTERESTING.length)] : ALPHABET[int(ALPHABET.length)];
  }
  return text;
}

function mutate(text: string): string {
  let result = text;
  for (let n = 1 + int(4); n > 0; n--) {
    const at = int(result.length + 1);
    const piece = random() < 0.5 ? INTERESTING[int(INTERESTING.length)]! : ALPHABET[int(ALPHABET.length)]!;
    switch (int(5)) {
      case 0: // replace one character
        result = result.slice(0, at) + piece + result.slice(at + 1);
        break;
      case 1: // insert
        result = result.slice(0, at) + piece + result.slice(at);
        break;
      case 2: // delete a run
        result = result.slice(0, at) + result.slice(at + 1 + int(8));
        break;
      case 3: // truncate
        result = result.slice(0, at);
        break;
      default: // duplicate a slice
        result = result.slice(0, at) + result.slice(int(result.length), at) + result.slice(at);
    }
  }
  return result;
}

function expectOnly(errorType: typeof KeyURIError | typeof MigrationError, parse: (text: string) => unknown) {
  return (input: string) => {
    try {
      parse(input);
    } catch (error) {
      if (!(error instanceof errorType)) {
        throw new Error(`${JSON.stringify(input)} threw ${String(error)}`);
      }
    }
  };
}

const SECRET = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
const KEY_URIS = [
  formatKeyURI(createAccount({ secret: SECRET, issuer: 'ACME: Co', name: 'jöhn@example.com' })),
  formatKeyURI(createAccount({ type: 'hotp', secret: SECRET, name: 'n', counter: 99n, digits: 8 })),
  formatKeyURI(createAccount({ type: 'steam', secret: SECRET, issuer: 'Steam', name: 'g' })),
  'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=MD5&period=60',
];
const MIGRATION_URIS = encodeMigrationURIs(
  [
    createAccount({ secret: SECRET, issuer: '確認', name: 'alice' }),
    createAccount({
      type: 'hotp',
      secret: SECRET,
      name: 'h:1',
      counter: 1n << 40n,
      algorithm: 'SHA512',
      digits: 8,
    }),
  ],
  { batchId: 77 },
).uris;

/** Flips, drops or inserts bytes inside the protobuf payload, then writes a valid URI around it. */
function mutatePayload(uri: string): string {
  const bytes = [...Buffer.from(decodeURIComponent(uri.split('data=')[1]!), 'base64')];
  for (let n = 1 + int(3); n > 0; n--) {
    const at = int(bytes.length + 1);
    const action = int(3);
    if (action === 0) bytes[at] = int(256);
    else if (action === 1) bytes.splice(at, 1 + int(4));
    else bytes.splice(at, 0, int(256));
  }
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`;
}

// 100,000 parses take a few seconds; a loaded CI machine may need far more than the default 5 s.
describe('fuzzing the parsers', { timeout: 60_000 }, () => {
  it('parseKeyURI throws only KeyURIError for random and mutated input', () => {
    const check = expectOnly(KeyURIError, parseKeyURI);
    for (let i = 0; i < RUNS; i++) check(random() < 0.5 ? randomString() : `otpauth://${randomString()}`);
    for (let i = 0; i < RUNS; i++) check(mutate(KEY_URIS[i % KEY_URIS.length]!));
    expect(parseKeyURI(KEY_URIS[0]!).issuer).toBe('ACME: Co');
  });

  it('decodeMigrationURI throws only MigrationError for random and mutated input', () => {
    const check = expectOnly(MigrationError, decodeMigrationURI);
    for (let i = 0; i < RUNS; i++) {
      check(random() < 0.5 ? randomString() : `otpauth-migration://offline?data=${randomString()}`);
    }
    for (let i = 0; i < RUNS; i++) {
      const uri = MIGRATION_URIS[i % MIGRATION_URIS.length]!;
      check(i % 2 === 0 ? mutate(uri) : mutatePayload(uri));
    }
    expect(decodeMigrationURI(MIGRATION_URIS[0]!).accounts[0]!.issuer).toBe('確認');
  });
});
