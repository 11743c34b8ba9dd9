import { decodeBase64Strict, decodeHexStrict, encodeBase64Padded, encodeHexLower } from '#codec';

/** Decodes hexadecimal text (either case); null when it is not valid hex. */
export function decodeHex(text: unknown): Uint8Array | null {
  if (typeof text !== 'string') return null;
  try {
    return decodeHexStrict(text);
  } catch {
    return null;
  }
}

/** Encodes bytes as lower-case hexadecimal, as Aegis writes keys, salts, nonces and tags. */
export const encodeHex = (bytes: Uint8Array): string => encodeHexLower(bytes);

/** Decodes padded Base64 (RFC 4648 §4); null when it is not valid Base64. */
export function decodeBase64(text: unknown): Uint8Array | null {
  if (typeof text !== 'string') return null;
  try {
    return decodeBase64Strict(text);
  } catch {
    return null;
  }
}

/** Encodes bytes as padded Base64, as Aegis writes the encrypted database. */
export const encodeBase64 = (bytes: Uint8Array): string => encodeBase64Padded(bytes);

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; null when the bytes are not valid UTF-8. */
export function decodeUTF8(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Encodes text as UTF-8 (how Aegis turns passwords and JSON into bytes). */
export const encodeUTF8 = (text: string): Uint8Array => new TextEncoder().encode(text);
