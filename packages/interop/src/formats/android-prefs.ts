/**
 * Android "shared preferences" files (`shared_prefs/*.xml` in an app's data folder, readable on a rooted
 * phone): a `<map>` of `<string name="…">text</string>` and `<int|long|boolean|float name="…" value="…"/>`.
 * Authy, Battle.net, FreeOTP and TOTP Authenticator keep their accounts in such files. A small strict reader
 * (no DTDs, no entities beyond XML's five and character references), so no XML library is needed.
 */

/** The preference values by name; numbers and booleans as their text. */
export type Prefs = Map<string, string>;

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

/** Replace XML's predefined entities and character references; null when an unknown entity appears. */
export function unescapeXML(text: string): string | null {
  let bad = false;
  const out = text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (code > 0x10ffff) bad = true;
      return bad ? '' : String.fromCodePoint(code);
    }
    const value = ENTITIES[ref];
    if (value === undefined) bad = true;
    return value ?? '';
  });
  return bad || /&(?!(#x[0-9a-f]+|#\d+|[a-z]+);)/i.test(text) ? null : out;
}

const ENTRY =
  /<(string)\s+name="([^"]*)"\s*(?:\/>|>([^<]*)<\/string>)|<(int|long|boolean|float)\s+name="([^"]*)"\s+value="([^"]*)"\s*\/>|<(set)\s+name="([^"]*)"\s*(?:\/>|>[\s\S]*?<\/set>)/gy;

/** Whether text is an Android preferences file (an XML declaration, then `<map>`). */
export const isPrefsXML = (text: string): boolean => /^\s*(<\?xml[^>]*\?>\s*)?<map\s*\/?>/.test(text);

/** Parse a preferences file; null when the text is not one (or is cut off). */
export function parsePrefs(text: string): Prefs | null {
  const body = /^\s*(?:<\?xml[^>]*\?>\s*)?<map>([\s\S]*)<\/map>\s*$/.exec(text)?.[1];
  if (body === undefined) return /^\s*(<\?xml[^>]*\?>\s*)?<map\s*\/>\s*$/.test(text) ? new Map() : null;
  const prefs: Prefs = new Map();
  let at = 0;
  while (at < body.length) {
    const space = /\s*/y;
    space.lastIndex = at;
    space.exec(body);
    at = space.lastIndex;
    if (at >= body.length) break;
    ENTRY.lastIndex = at;
    const m = ENTRY.exec(body);
    if (m === null) return null;
    at = ENTRY.lastIndex;
    const name = unescapeXML(m[2] ?? m[5] ?? m[8] ?? '');
    const value = m[1] ? unescapeXML(m[3] ?? '') : m[4] ? unescapeXML(m[6] ?? '') : '';
    if (name === null || value === null) return null;
    prefs.set(name, value);
  }
  return prefs;
}
