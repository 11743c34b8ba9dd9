/**
 * JSON text with exact HOTP counters. Aegis stores counters as Java longs (up to 2^63 − 1), which
 * `JSON.parse` would round above 2^53; long counters are carried as marked strings while parsed, come
 * back out as `bigint`, and are written as plain JSON integers again.
 */

export type JSONObject = { [key: string]: unknown };

const MARK = '\u0000bigint:';
const LONG_COUNTER = /"counter"(\s*):(\s*)(\d{16,})/g;
const MARKED = /"counter":(\s*)"\\u0000bigint:(\d+)"/g;

/** Parses JSON text; throws SyntaxError like `JSON.parse`. Long `counter` values become `bigint`. */
export function parseJSON(text: string): unknown {
  const marked = text.replace(
    LONG_COUNTER,
    (_m, a: string, b: string, digits: string) => `"counter"${a}:${b}"\\u0000bigint:${digits}"`,
  );
  // Nearly every file has no long counter: then nothing is marked and the plain parse is enough.
  if (marked === text) return JSON.parse(text);
  return JSON.parse(marked, (key, value: unknown) =>
    key === 'counter' &&
    typeof value === 'string' &&
    value.startsWith(MARK) &&
    /^\d+$/.test(value.slice(MARK.length))
      ? BigInt(value.slice(MARK.length))
      : value,
  );
}

/** Writes JSON text (optionally indented); `bigint` counters become exact JSON integers. */
export function stringifyJSON(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v),
    indent,
  );
  return text.replace(MARKED, '"counter":$1$2');
}

/** True for a plain JSON object (not null, not an array). */
export const isObject = (value: unknown): value is JSONObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** True for a safe integer or a bigint within [min, max]. */
export function isIntegerIn(value: unknown, min: bigint, max: bigint): value is number | bigint {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= min && value <= max;
  return typeof value === 'bigint' && value >= min && value <= max;
}
