import { base32nopad } from '@scure/base';

/** Encodes bytes as RFC 4648 base32: upper case, no padding (the form key URIs use). */
export function encodeBase32(bytes: Uint8Array): string {
  return base32nopad.encode(bytes);
}

/**
 * Decodes strict RFC 4648 base32: upper case, no padding, no separators.
 * Throws an Error on any other input.
 */
export function decodeBase32(text: string): Uint8Array {
  return base32nopad.decode(text);
}

/**
 * Decodes base32 as people type and apps print it: lower case, spaces, dashes and `=` padding are
 * tolerated. Throws an Error when what remains is not base32.
 */
export function decodeBase32Lenient(text: string): Uint8Array {
  return base32nopad.decode(text.replace(/[\s\-=]+/g, '').toUpperCase());
}
