/** The languages the pages are written in. */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** The cookie set by the language switch; it wins over Accept-Language. */
export const LOCALE_COOKIE = 'lang';

/** Narrows any text to a supported locale, or undefined. */
export function toLocale(value: string | undefined | null): Locale | undefined {
  return LOCALES.find((locale) => locale === value);
}

/**
 * Picks the best supported language from an Accept-Language header, honouring q-values;
 * `ja-JP` counts as `ja`. Falls back to English.
 * @see RFC 9110 §12.5.4
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of acceptLanguage.split(',').slice(0, 32)) {
    const [range = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const locale = toLocale(range.trim().toLowerCase().split('-')[0]);
    if (locale && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'en';
}

/** The page language: the `lang` cookie if valid, else the Accept-Language choice. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  return toLocale(cookie) ?? negotiateLocale(acceptLanguage);
}
