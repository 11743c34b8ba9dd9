import type { MigrationBatch } from '@kakunin/otp';
/**
 * Which pages of a multi-page migration export have been scanned. Kept in localStorage across
 * restarts: it holds only the batch id and page numbers, nothing secret.
 */
export interface PendingBatch {
  id: number;
  size: number;
  seen: number[];
}

const STORAGE_KEY = 'kakunin.pendingBatch';

/** The batch in progress, if any. */
export function loadPendingBatch(): PendingBatch | null {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as PendingBatch | null;
    return v && typeof v.id === 'number' && typeof v.size === 'number' && Array.isArray(v.seen) ? v : null;
  } catch {
    return null;
  }
}

/** Records that page `index` (0-based) of batch `id` was added; returns the updated state. */
export function recordBatchPage(prev: PendingBatch | null, batch: MigrationBatch): PendingBatch {
  const base =
    prev && prev.id === batch.id && prev.size === batch.size
      ? prev
      : { id: batch.id, size: batch.size, seen: [] };
  const seen = [...new Set([...base.seen, batch.index])].sort((a, b) => a - b);
  return { id: batch.id, size: batch.size, seen };
}

/** The 1-based page numbers still missing. */
export function missingPages(b: PendingBatch): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.size; i++) if (!b.seen.includes(i)) out.push(i + 1);
  return out;
}

/** Saves the batch state, or forgets it when complete (or null). */
export function savePendingBatch(b: PendingBatch | null): void {
  try {
    if (!b || missingPages(b).length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(b));
  } catch {
    // not remembered across restarts; the current visit still tracks it
  }
}
