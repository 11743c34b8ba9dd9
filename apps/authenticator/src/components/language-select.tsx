import type { JSX } from 'preact';
import { useApp } from '../app-context.js';
import { type Lang, lang, setLang, t } from '../i18n/i18n.js';

/** The language switch (each language named in itself). */
export function LanguageSelect(): JSX.Element {
  const app = useApp();
  return (
    <label class="field inline">
      <span>{t('language')}</span>
      <select
        value={lang()}
        onChange={async (e) => {
          await setLang((e.currentTarget as HTMLSelectElement).value as Lang);
          app.refresh();
        }}
      >
        <option value="en">English</option>
        <option value="ja">日本語</option>
      </select>
    </label>
  );
}
