import { Buffer } from 'node:buffer';

// Node's native Base64 and hex, chosen by the `node` import condition: decoding a 1,000-account
// database this way takes about a tenth of the time @scure/base takes before it is compiled, which is
// what a command-line process that decodes it once pays. Buffer skips characters it does not know
// and ignores stray bits, so a decoded value counts only if it encodes back to the same text: the
// same strict reading as @scure/base.

// A copy of its own: small Buffers are views into a shared pool, which must not hold key material.
const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer);

/** Decodes padded Base64 (RFC 4648 §4); throws on anything else. */
export function decodeBase64Strict(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new SyntaxError('invalid Base64');
  return asBytes(bytes);
}

/** Encodes bytes as padded Base64. */
export const encodeBase64Padded = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Decodes hexadecimal text of either case; throws on anything else. */
export function decodeHexStrict(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'hex');
  if (bytes.length * 2 !== text.length || bytes.toString('hex') !== text.toLowerCase()) {
    throw new SyntaxError('invalid hexadecimal');
  }
  return asBytes(bytes);
}

/** Encodes bytes as lower-case hexadecimal. */
export const encodeHexLower = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
