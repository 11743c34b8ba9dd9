import { en, enOne, type MessageKey } from './en.js';
import { ja } from './ja.js';

export type Lang = 'en' | 'ja';
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, ja };
/** Messages for a count in the plural category 'one' (only English has any). */
const ones: Record<Lang, Partial<Record<MessageKey, string>>> = { en: enOne, ja: {} };
const STORAGE_KEY = 'kakunin.lang';

/** Picks the UI language: the saved choice, else the first of the browser's languages we have. */
export function detectLang(saved: string | null, browserLangs: readonly string[]): Lang {
  if (saved === 'en' || saved === 'ja') return saved;
  for (const l of browserLangs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

let current: Lang = 'en';

/** Sets the UI language from the saved preference and navigator.languages. */
export function initLang(): Lang {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: fall back to the browser language
  }
  current = detectLang(saved, navigator.languages ?? [navigator.language]);
  document.documentElement.lang = current;
  return current;
}

/** Switches the UI language and remembers the choice (not secret, so localStorage is fine). */
export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; the switch still applies to this visit
  }
}

/** The current UI language. */
export function lang(): Lang {
  return current;
}

/** Fills `{name}` placeholders; values are plain text (rendered by Preact as text, never markup). */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The message for `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogues[current][key], params);
}

/**
 * The message for `key` with a count `n` (filled into `{n}`): the language's singular form when
 * its plural rules put `n` in the 'one' category and the catalogue has one, else the usual message.
 */
export function tn(key: MessageKey, n: number, params: Record<string, string | number> = {}): string {
  return tnIn(current, key, n, params);
}

/** `tn` in a given language (tests check both catalogues). */
export function tnIn(
  l: Lang,
  key: MessageKey,
  n: number,
  params: Record<string, string | number> = {},
): string {
  const one = new Intl.PluralRules(l).select(n) === 'one' ? ones[l][key] : undefined;
  return format(one ?? catalogues[l][key], { ...params, n });
}
