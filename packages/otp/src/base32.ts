import { base32nopad } from '@scure/base';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// The value of each ASCII character in the RFC 4648 alphabet, -1 for the others.
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;
const STRICT = /^[A-Z2-7]*$/;

/** Encodes bytes as RFC 4648 base32: upper case, no padding (the form key URIs use). */
export function encodeBase32(bytes: Uint8Array): string {
  return base32nopad.encode(bytes);
}

/**
 * Decodes strict RFC 4648 base32: upper case, no padding, no separators.
 * Throws an Error on any other input.
 *
 * As strict as @scure/base's `base32nopad.decode` (the tests compare both): the leftover bits must be
 * fewer than a character's five and all zero. A vault opens every account's key at once, and this
 * loop does it in about half the time the library's general radix conversion takes in a process that
 * has not compiled it yet (a command-line start).
 */
export function decodeBase32(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('base32 text must be a string');
  const bytes = new Uint8Array((text.length * 5) >> 3);
  let bits = 0;
  let carry = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    const value = char < 128 ? (VALUES[char] ?? -1) : -1;
    if (value < 0) throw new Error(`Unknown base32 letter: ${JSON.stringify(text[i])}`);
    carry = (carry << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = carry >> bits;
      carry &= (1 << bits) - 1;
    }
  }
  if (bits >= 5) throw new Error('Excess padding in base32');
  if (carry !== 0) throw new Error('Non-zero padding in base32');
  return bytes;
}

/**
 * Decodes base32 as people type and apps print it: lower case, spaces, dashes and `=` padding are
 * tolerated. Throws an Error when what remains is not base32.
 */
export function decodeBase32Lenient(text: string): Uint8Array {
  // Keys as vaults and key URIs store them are already strict: then there is no copy to make.
  if (STRICT.test(text)) return decodeBase32(text);
  return decodeBase32(text.replace(/[\s\-=]+/g, '').toUpperCase());
}
