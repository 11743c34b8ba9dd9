import type { MessageKey } from './en.js';

export type Lang = 'en' | 'ja';
export type { MessageKey };

/** A language's messages, and those for a count in the plural category 'one' (only English has any). */
interface Catalogue {
  messages: Record<MessageKey, string>;
  ones: Partial<Record<MessageKey, string>>;
}

// Each catalogue is its own chunk: the first code's path carries only the language in use.
const loaders: Record<Lang, () => Promise<Catalogue>> = {
  en: () => import('./en.js').then((m) => ({ messages: m.en, ones: m.enOne })),
  ja: () => import('./ja.js').then((m) => ({ messages: m.ja, ones: {} })),
};
const catalogues: Partial<Record<Lang, Catalogue>> = {};
const STORAGE_KEY = 'kakunin.lang';

/** Loads a language's catalogue (once); `t` and `tnIn` need it loaded. */
export async function loadCatalogue(l: Lang): Promise<void> {
  catalogues[l] ??= await loaders[l]();
}

function catalogue(l: Lang): Catalogue {
  const loaded = catalogues[l];
  if (!loaded) throw new Error(`the ${l} message catalogue is not loaded`);
  return loaded;
}

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

/** Sets the UI language from the saved preference and navigator.languages, and loads its messages. */
export async function initLang(): Promise<Lang> {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: fall back to the browser language
  }
  current = detectLang(saved, navigator.languages ?? [navigator.language]);
  document.documentElement.lang = current;
  await loadCatalogue(current);
  return current;
}

/** Switches the UI language once its messages are loaded, and remembers the choice (not secret, so localStorage is fine). */
export async function setLang(lang: Lang): Promise<void> {
  await loadCatalogue(lang);
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
  return format(catalogue(current).messages[key], params);
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
  const { messages, ones } = catalogue(l);
  const one = new Intl.PluralRules(l).select(n) === 'one' ? ones[key] : undefined;
  return format(one ?? messages[key], { ...params, n });
}
