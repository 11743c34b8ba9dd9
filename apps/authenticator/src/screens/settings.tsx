import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { type Screen, useApp } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { LanguageSelect } from '../components/language-select.js';
import { type MessageKey, t } from '../i18n/i18n.js';
import { AUTO_LOCK_CHOICES, autoLockMinutes, setAutoLockMinutes } from '../lib/auto-lock.js';

const LINKS: [MessageKey, Screen][] = [
  ['registeredServices', { name: 'services' }],
  ['moveDevice', { name: 'move' }],
  ['backupRestore', { name: 'backup' }],
  ['changePassword', { name: 'change-password' }],
  ['passkeyTitle', { name: 'passkey' }],
];

/** Settings: registered services, moving device, backup, password, auto-lock, language. */
export function Settings(): JSX.Element {
  const app = useApp();
  const [minutes, setMinutes] = useState(autoLockMinutes);
  return (
    <section class="screen narrow">
      <h2>{t('settingsTitle')}</h2>
      <ul class="menu-list">
        {LINKS.map(([key, screen]) => (
          <li key={key}>
            <button type="button" class="row-button" onClick={() => app.go(screen)}>
              {t(key)}
            </button>
          </li>
        ))}
      </ul>
      <label class="field inline">
        <span>{t('autoLock')}</span>
        <select
          value={String(minutes)}
          onChange={(e) => {
            const m = Number((e.currentTarget as HTMLSelectElement).value);
            setAutoLockMinutes(m);
            setMinutes(m);
          }}
        >
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {m === 0 ? t('never') : t('minutes', { n: m })}
            </option>
          ))}
        </select>
      </label>
      <LanguageSelect />
      <div class="buttons">
        <GoButton to={{ name: 'list' }}>{t('back')}</GoButton>
      </div>
    </section>
  );
}
