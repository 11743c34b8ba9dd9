export { LOCALE_COOKIE, LOCALES, type Locale, negotiateLocale, resolveLocale, toLocale } from './locale.js';
export type { MessageKey } from './messages-en.js';
export {
  catalogue,
  type MessageArgs,
  type MessageParams,
  type PlainKey,
  type Translate,
  translator,
} from './translate.js';
