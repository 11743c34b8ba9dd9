import type { Account, MigrationBatch } from '@kakunin/otp';
import type { AppAPI } from '../app-context.js';
import { t, tn } from '../i18n/i18n.js';
import { loadPendingBatch, missingPages, recordBatchPage, savePendingBatch } from './pending-batch.js';
import { loadInterop } from './qr-decoder.js';

/**
 * Adds accounts to the vault, skipping ones already registered, and saves. If saving fails the
 * additions are taken back out, so memory matches what is stored. Then it records a migration page
 * and returns to the list, which shows any pages of a multi-page export still to scan.
 */
export async function registerAccounts(
  app: AppAPI,
  accounts: readonly Account[],
  batch?: MigrationBatch,
): Promise<void> {
  const vault = app.vault;
  if (!vault) return;
  const { mergeAccounts } = await loadInterop();
  const { added, duplicates } = mergeAccounts(
    vault.entries().map((e) => e.account),
    [...accounts],
  );
  const entries = added.map((a) => vault.add(a));
  if (entries.length > 0 && !(await app.commit())) {
    for (const e of entries) vault.remove(e.id);
    return;
  }
  const messages = [tn('added', entries.length)];
  if (duplicates.length > 0) {
    messages.push(t('alreadyRegistered', { names: duplicates.map(label).join(', ') }));
  }
  if (batch && batch.size > 1) {
    const pending = recordBatchPage(loadPendingBatch(), batch);
    savePendingBatch(pending);
    messages.push(t('migrationPage', { index: batch.index + 1, size: batch.size }));
    if (missingPages(pending).length === 0) messages.push(t('migrationDone', { size: batch.size }));
  }
  app.go({ name: 'list' });
  app.notify(messages.join(' '));
}

/** "Issuer (name)" or whichever of the two is set, for messages. */
export function label(a: Account): string {
  if (a.issuer && a.name) return `${a.issuer} (${a.name})`;
  return a.issuer || a.name || '?';
}
