/** A source of cryptographically strong random bytes; tests inject a deterministic one. */
export type RandomBytes = (length: number) => Uint8Array;

/** Random bytes from the platform (WebCrypto `getRandomValues`, in Node 20 and browsers). */
export const systemRandom: RandomBytes = (length) =>
  globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A version 4 UUID (RFC 9562 §5.4) in lower-case text form, from the given random source. */
export function randomUUID(random: RandomBytes): string {
  const b = random(16);
  if (b.length !== 16) throw new RangeError('random source returned the wrong number of bytes');
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
