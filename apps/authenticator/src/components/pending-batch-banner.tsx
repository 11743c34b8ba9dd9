import type { JSX } from 'preact';
import { useApp } from '../app-context.js';
import { t } from '../i18n/i18n.js';
import { loadPendingBatch, missingPages, savePendingBatch } from '../lib/pending-batch.js';
import { GoButton } from './go-button.js';

/** Shown on the code list while a multi-page migration export is incomplete. */
export function PendingBatchBanner(): JSX.Element | null {
  const app = useApp();
  const pending = loadPendingBatch();
  const missing = pending ? missingPages(pending) : [];
  if (missing.length === 0) return null;
  return (
    <div class="banner" role="status">
      <p>{t('migrationRemaining', { pages: missing.join(', ') })}</p>
      <div class="buttons">
        <GoButton to={{ name: 'scan', purpose: 'add' }} class="primary">
          {t('scanNextPage')}
        </GoButton>
        <button
          type="button"
          onClick={() => {
            savePendingBatch(null);
            app.refresh();
          }}
        >
          {t('close')}
        </button>
      </div>
    </div>
  );
}
