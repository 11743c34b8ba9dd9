import { type Catalogue, en, type MessageKey } from './en.js';
import { ja } from './ja.js';

/** The languages the CLI speaks. */
export type Locale = 'en' | 'ja';

/** Values substituted for `{name}` placeholders in a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Translates a catalogue key into the chosen language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const catalogues: Record<Locale, Catalogue> = { en, ja };

/**
 * Picks the language the way POSIX does: LC_ALL, then LC_MESSAGES, then LANG; Japanese for `ja*`.
 * @see POSIX.1-2017 §8.2 Internationalization Variables
 */
export function detectLocale(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** Returns a translator for one language; unknown placeholders are left as written. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      return value === undefined ? whole : String(value);
    });
}
