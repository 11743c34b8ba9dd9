import type { JSX } from 'preact';
import { useApp } from '../app-context.js';
import { t } from '../i18n/i18n.js';

/** What a new vault shows: what to do first, with the three ways to add an account as buttons. */
export function EmptyState(): JSX.Element {
  const app = useApp();
  return (
    <div class="empty-state">
      <svg viewBox="0 0 64 64" width="72" height="72" aria-hidden="true" focusable="false">
        <rect x="14" y="6" width="36" height="52" rx="6" fill="none" stroke="currentColor" stroke-width="3" />
        <path d="M24 26h16M24 34h16M24 42h10" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
      </svg>
      <h2>{t('emptyTitle')}</h2>
      <p>{t('emptyHint')}</p>
      <div class="buttons column">
        <button type="button" class="primary" onClick={() => app.go({ name: 'scan', purpose: 'add' })}>
          {t('scanQR')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'image' })}>
          {t('importImage')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'manual' })}>
          {t('enterKeyManually')}
        </button>
        <button type="button" class="link" onClick={() => app.go({ name: 'move', side: 'new' })}>
          {t('emptyMoving')}
        </button>
      </div>
    </div>
  );
}
