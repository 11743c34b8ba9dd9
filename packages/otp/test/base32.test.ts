import { base32nopad } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32, decodeBase32Lenient, encodeBase32 } from '../src/index.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

// RFC 4648 §10 test vectors, with the padding removed (key URIs use unpadded base32).
const RFC4648_VECTORS: [text: string, encoded: string][] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe('base32', () => {
  it.each(RFC4648_VECTORS)('encodes %j as RFC 4648 §10 %j without padding', (text, encoded) => {
    expect(encodeBase32(ascii(text))).toBe(encoded);
    expect(decodeBase32(encoded)).toEqual(ascii(text));
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(decodeBase32(encodeBase32(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each(['mzxw6', 'MZXW6===', 'MZXW 6', 'MZXW1', 'M'])('strict decoding refuses %j', (text) => {
    expect(() => decodeBase32(text)).toThrow();
  });

  it.each([
    ['lower case', 'mzxw6ytboi'],
    ['padding', 'MZXW6YTBOI======'],
    ['spaces', 'MZXW 6YTB OI'],
    ['dashes', 'mzxw-6ytb-oi'],
    ['tabs and newlines', 'MZXW\t6YTB\nOI'],
  ])('lenient decoding tolerates %s', (_, text) => {
    expect(decodeBase32Lenient(text)).toEqual(ascii('foobar'));
  });

  it.each(['MZXW1', 'MZXW6Y!', 'M'])('lenient decoding still refuses non-base32 %j', (text) => {
    expect(() => decodeBase32Lenient(text)).toThrow();
  });

  it('decodes exactly what @scure/base decodes, and refuses what it refuses', () => {
    const letters = [
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
      'a',
      'z',
      '0',
      '1',
      '8',
      '=',
      ' ',
      '-',
      'é',
      '😀',
    ];
    const outcome = (decode: () => Uint8Array) => {
      try {
        return Array.from(decode());
      } catch {
        return 'refused';
      }
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }).map((bytes) => base32nopad.encode(bytes)),
          fc.array(fc.constantFrom(...letters), { maxLength: 40 }).map((chars) => chars.join('')),
        ),
        (text) => {
          expect(outcome(() => decodeBase32(text))).toEqual(outcome(() => base32nopad.decode(text)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
