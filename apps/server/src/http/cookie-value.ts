/**
 * The value of the first cookie named `name` in a Cookie header, read exactly as `cookie.parse` (what
 * @fastify/cookie uses) reads it — pairs split at `;`, names and values trimmed of spaces and tabs,
 * pairs without `=` skipped, values percent-decoded when that is valid — without building the others.
 * For routes that read one cookie and skip the cookie plugin's hooks.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length < 2) return undefined;
  const length = header.length;
  let index = 0;
  do {
    const equals = header.indexOf('=', index);
    if (equals === -1) return undefined;
    const semicolon = header.indexOf(';', index);
    const end = semicolon === -1 ? length : semicolon;
    if (equals > end) {
      // A pair without `=`: start again after the last `;` before the next `=`.
      index = header.lastIndexOf(';', equals - 1) + 1;
      continue;
    }
    const start = skipBlanks(header, index, equals);
    if (trimEnd(header, start, equals) - start === name.length && header.startsWith(name, start)) {
      const valueStart = skipBlanks(header, equals + 1, end);
      return decode(header.slice(valueStart, trimEnd(header, valueStart, end)));
    }
    index = end + 1;
  } while (index < length);
  return undefined;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function skipBlanks(text: string, start: number, end: number): number {
  let index = start;
  while (index < end && isBlank(text.charCodeAt(index))) index++;
  return index;
}

function trimEnd(text: string, start: number, end: number): number {
  let index = end;
  while (index > start && isBlank(text.charCodeAt(index - 1))) index--;
  return index;
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
