import type { Locale } from './locale.js';
import { en, type MessageKey } from './messages-en.js';
import { ja } from './messages-ja.js';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, ja };

/** The parameter names of a message text: `'Hi {name}'` → `'name'`. */
export type MessageParams<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | MessageParams<Rest>
  : never;

/** Arguments after the key: a params object exactly when the English text has `{…}` slots. */
export type MessageArgs<K extends MessageKey> = [MessageParams<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<MessageParams<(typeof en)[K]>, string | number>];

/** Keys whose text has no parameters. */
export type PlainKey = {
  [K in MessageKey]: [MessageParams<(typeof en)[K]>] extends [never] ? K : never;
}[MessageKey];

/** Looks up a page text by typed key and fills its `{…}` parameters. */
export type Translate = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

/** Returns the translation function for one locale. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, ...args) => {
    const params: Record<string, string | number> = args[0] ?? {};
    return catalogue[key].replace(/\{(\w+)\}/g, (slot, name: string) =>
      name in params ? String(params[name]) : slot,
    );
  };
}

/** The raw catalogue of a locale (tests compare the two catalogues). */
export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return catalogues[locale];
}
