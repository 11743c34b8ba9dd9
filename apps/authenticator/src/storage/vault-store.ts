import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/**
 * The encrypted vault file text, kept in IndexedDB. Every write moves the current copy to
 * `previous` and stores the new text in the same transaction: IndexedDB commits both or neither, so
 * a failed write (full quota, crash) leaves the last good vault in place.
 */
interface KakuninDB extends DBSchema {
  files: { key: 'vault' | 'previous'; value: { text: string; savedAt: number } };
}

export type StorageErrorCode = 'QUOTA' | 'UNAVAILABLE' | 'FAILED';

/** A storage failure with a code the UI turns into a message. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string) {
    super(message);
    this.name = 'StorageError';
    this.code = code;
  }
}

const DB_NAME = 'kakunin';
let dbPromise: Promise<IDBPDatabase<KakuninDB>> | undefined;

function db(): Promise<IDBPDatabase<KakuninDB>> {
  dbPromise ??= openDB<KakuninDB>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('files');
    },
  }).catch((e: unknown) => {
    dbPromise = undefined;
    throw new StorageError('UNAVAILABLE', errorText(e));
  });
  return dbPromise;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function toStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'QuotaExceededError') return new StorageError('QUOTA', errorText(e));
  return new StorageError('FAILED', errorText(e));
}

/** The stored vault texts: the latest and the one before it (either may be absent). */
export async function loadVaultTexts(): Promise<{ current: string | null; previous: string | null }> {
  const d = await db();
  const [current, previous] = await Promise.all([d.get('files', 'vault'), d.get('files', 'previous')]);
  return { current: current?.text ?? null, previous: previous?.text ?? null };
}

/** Stores a new vault text atomically, keeping the last one as `previous`. */
export async function saveVaultText(text: string, now: number = Date.now()): Promise<void> {
  try {
    const d = await db();
    const tx = d.transaction('files', 'readwrite');
    try {
      const old = await tx.store.get('vault');
      if (old) await tx.store.put(old, 'previous');
      await tx.store.put({ text, savedAt: now }, 'vault');
      await tx.done;
    } catch (e) {
      // Undo the half of the transaction that may have succeeded (moving the old copy).
      try {
        tx.abort();
      } catch {
        // already aborted by the failure itself
      }
      throw e;
    }
  } catch (e) {
    throw toStorageError(e);
  }
}

/** Asks the browser not to evict the vault under storage pressure (best effort). */
export async function requestPersistence(): Promise<void> {
  try {
    await navigator.storage?.persist?.();
  } catch {
    // not granted: the vault still works, it may just be evicted under pressure
  }
}
