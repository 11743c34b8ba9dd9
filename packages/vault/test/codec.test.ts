import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as node from '../src/codec-node.js';
import * as web from '../src/codec-web.js';

// Node reads Base64 and hex with Buffer, browsers with @scure/base: a file must open alike in both.
const outcome = (decode: (text: string) => Uint8Array, text: string): number[] | 'refused' => {
  try {
    return [...decode(text)];
  } catch {
    return 'refused';
  }
};

// Text near valid encodings: valid text with one character changed, dropped or added.
const nearly = (valid: fc.Arbitrary<string>, alphabet: string): fc.Arbitrary<string> =>
  fc
    .tuple(valid, fc.nat(), fc.constantFrom(...alphabet), fc.constantFrom('change', 'drop', 'add', 'keep'))
    .map(([text, at, char, how]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      if (how === 'change') return text.slice(0, i) + char + text.slice(i + 1);
      if (how === 'drop') return text.slice(0, i) + text.slice(i + 1);
      if (how === 'add') return text.slice(0, i) + char + text.slice(i);
      return text;
    });

const BASE64_NOISE = 'AQgw+/=-_ \n%é';
const HEX_NOISE = '0aF9gG -x';

describe('the Node and browser codecs read the same', () => {
  it('Base64: same bytes for valid text, both refuse the rest', () => {
    const valid = fc.uint8Array({ maxLength: 40 }).map((b) => web.encodeBase64Padded(b));
    fc.assert(
      fc.property(nearly(valid, BASE64_NOISE), (text) => {
        expect(outcome(node.decodeBase64Strict, text)).toEqual(outcome(web.decodeBase64Strict, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('hexadecimal: same bytes for valid text of either case, both refuse the rest', () => {
    const valid = fc
      .tuple(fc.uint8Array({ maxLength: 40 }), fc.boolean())
      .map(([b, upper]) => (upper ? web.encodeHexLower(b).toUpperCase() : web.encodeHexLower(b)));
    fc.assert(
      fc.property(nearly(valid, HEX_NOISE), (text) => {
        expect(outcome(node.decodeHexStrict, text)).toEqual(outcome(web.decodeHexStrict, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('encode alike', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(node.encodeBase64Padded(bytes)).toBe(web.encodeBase64Padded(bytes));
        expect(node.encodeHexLower(bytes)).toBe(web.encodeHexLower(bytes));
      }),
    );
  });
});
