import type { Account } from '@kakunin/otp';
import { ImportError } from './errors.js';
import type { MigrationPage } from './types.js';
import { type Notice, repeatedPage } from './warnings.js';

/**
 * Put Google Authenticator export pages back together. One export of many accounts is split over
 * several QR codes that share a batch id; each page says its index and the batch size. Pages may come in
 * any order and twice (the same QR scanned again); missing pages are reported, never silently dropped.
 */

export interface AssembledBatches {
  accounts: Account[];
  warnings: Notice[];
  /** One INCOMPLETE_BATCH error per batch with pages missing (empty when allowIncomplete). */
  incomplete: ImportError[];
}

const label = (pages: MigrationPage[]): string | undefined => {
  const names = [...new Set(pages.map((p) => p.filename).filter((f): f is string => f !== undefined))];
  return names.length === 0 ? undefined : names.join(', ');
};

/** Order pages by batch and index, drop repeats, and find missing pages. */
export function assembleBatches(pages: MigrationPage[], allowIncomplete = false): AssembledBatches {
  const batches = new Map<number, Map<number, MigrationPage>>();
  const warnings: Notice[] = [];
  for (const page of pages) {
    const batch = batches.get(page.batch.id) ?? new Map<number, MigrationPage>();
    batches.set(page.batch.id, batch);
    if (batch.has(page.batch.index)) warnings.push(repeatedPage(page.batch.index + 1));
    else batch.set(page.batch.index, page);
  }
  const accounts: Account[] = [];
  const incomplete: ImportError[] = [];
  for (const batch of batches.values()) {
    const list = [...batch.values()].sort((a, b) => a.batch.index - b.batch.index);
    const size = Math.max(1, ...list.map((p) => p.batch.size));
    const missing: number[] = [];
    for (let i = 0; i < size; i++) if (!batch.has(i)) missing.push(i + 1);
    if (missing.length > 0) {
      const error = new ImportError('INCOMPLETE_BATCH', {
        filename: label(list),
        missingPages: missing,
        batchSize: size,
      });
      if (!allowIncomplete) {
        incomplete.push(error);
        continue;
      }
      warnings.push({ en: error.message, ja: error.localizedMessage('ja') });
    }
    for (const page of list) accounts.push(...page.accounts);
  }
  return { accounts, warnings, incomplete };
}
