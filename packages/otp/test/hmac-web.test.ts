import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmac as nodeHMAC } from '../src/hmac-node.ts';
import { hmac as webHMAC } from '../src/hmac-web.ts';
import type { Algorithm } from '../src/index.ts';

// Browsers get the @noble/hashes implementation, Node its native one; both must agree everywhere.
describe('HMAC implementations', { timeout: 30_000 }, () => {
  it('give the same digests for random keys, messages and all four algorithms', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512', 'MD5'),
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        (algorithm, key, message) => {
          const expected = createHmac(algorithm.toLowerCase(), key).update(message).digest();
          expect(webHMAC(algorithm, key, message)).toEqual(new Uint8Array(expected));
          expect(new Uint8Array(nodeHMAC(algorithm, key, message))).toEqual(new Uint8Array(expected));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('both refuse an unknown algorithm with RangeError', () => {
    expect(() => webHMAC('SHA3' as Algorithm, new Uint8Array(1), new Uint8Array(8))).toThrow(RangeError);
    expect(() => nodeHMAC('SHA3' as Algorithm, new Uint8Array(1), new Uint8Array(8))).toThrow(RangeError);
  });
});
