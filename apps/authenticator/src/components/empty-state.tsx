import type { JSX } from 'preact';
import { t } from '../i18n/i18n.js';
import { GoButton } from './go-button.js';

/** What a new vault shows: what to do first, with the three ways to add an account as buttons. */
export function EmptyState(): JSX.Element {
  return (
    <div class="empty-state">
      <svg viewBox="0 0 64 64" width="72" height="72" aria-hidden="true" focusable="false">
        <rect x="14" y="6" width="36" height="52" rx="6" fill="none" stroke="currentColor" stroke-width="3" />
        <path d="M24 26h16M24 34h16M24 42h10" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
      </svg>
      <h2>{t('emptyTitle')}</h2>
      <p>{t('emptyHint')}</p>
      <div class="buttons column">
        <GoButton to={{ name: 'scan', purpose: 'add' }} class="primary">
          {t('scanQR')}
        </GoButton>
        <GoButton to={{ name: 'image' }}>{t('importImage')}</GoButton>
        <GoButton to={{ name: 'manual' }}>{t('enterKeyManually')}</GoButton>
        <GoButton to={{ name: 'move', side: 'new' }} class="link">
          {t('emptyMoving')}
        </GoButton>
      </div>
    </div>
  );
}
