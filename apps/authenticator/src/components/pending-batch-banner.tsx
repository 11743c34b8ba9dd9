import type { JSX } from 'preact';
import { useApp } from '../app-context.js';
import { t } from '../i18n/i18n.js';
import { loadPendingBatch, missingPages, savePendingBatch } from '../lib/pending-batch.js';

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
        <button type="button" class="primary" onClick={() => app.go({ name: 'scan', purpose: 'add' })}>
          {t('scanNextPage')}
        </button>
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
