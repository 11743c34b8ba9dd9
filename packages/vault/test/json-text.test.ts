import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJSON, stringifyJSON } from '../src/json-text.js';

describe('JSON with exact counters', () => {
  it('reads and writes counters beyond 2^53 with every digit', () => {
    const text = '{"info":{"counter":9223372036854775807,"digits":6}}';
    const value = parseJSON(text) as { info: { counter: bigint } };
    expect(value.info.counter).toBe(2n ** 63n - 1n);
    expect(stringifyJSON(value)).toBe(text);
    expect(stringifyJSON(value, 4)).toContain('"counter": 9223372036854775807');
  });

  it('leaves text that merely looks like a marker alone', () => {
    const value = { note: '\u0000bigint:12 "counter":"\u0000bigint:3"', counter: '\u0000bigint:x' };
    expect(parseJSON(stringifyJSON(value))).toEqual(value);
    expect(parseJSON(stringifyJSON(value, 2))).toEqual(value);
  });

  it('round-trips any JSON value together with bigint counters', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.bigInt({ min: 0n, max: 2n ** 64n }), (value, counter) => {
        const data = { value, entry: { info: { counter } } };
        const back = parseJSON(stringifyJSON(data, 4)) as typeof data;
        // Short counters come back as numbers, long ones as bigint: either way, exactly.
        expect(BigInt(back.entry.info.counter)).toBe(counter);
        expect(back.value).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });
});
