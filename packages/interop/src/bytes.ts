import { base64 } from '@scure/base';
import { ImportError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text of a file without a byte-order mark, or null when the bytes are not UTF-8 text. */
export function textOf(bytes: Uint8Array): string | null {
  try {
    const text = utf8.decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    return null;
  }
}

/** Decode standard base64 (padding optional, JSON-escaped slashes already removed by JSON.parse). */
export function decodeBase64(text: string, what: string): Uint8Array {
  const clean = text.trim();
  const padded = clean.length % 4 === 0 ? clean : clean + '='.repeat(4 - (clean.length % 4));
  try {
    return base64.decode(padded);
  } catch (cause) {
    throw new ImportError('DAMAGED', { detail: `${what} is not valid base64`, cause });
  }
}

/** Encode bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/** Whether the bytes start with the given magic numbers. */
export function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}
