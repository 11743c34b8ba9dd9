/**
 * Failure counters that reserve before the check (ADR 0009). A reservation adds one attempt unless
 * the key is locked, and locks the key when it reaches the limit; a success releases it.
 */

/** How one kind of key counts and locks. */
export interface AttemptRule {
  /** Attempts reserved in one window before the key locks. */
  limit: number;
  /** Attempts older than this no longer count (ms); undefined = they count until a lock or success. */
  windowMs?: number;
  /**
   * Length of each successive lock in ms (the last one repeats); null = until an administrator
   * unlocks.
   */
  lockMs: readonly (number | null)[];
  /** Consecutive reserved attempts (since the last success) after which the key locks for good. */
  lockForeverAfter?: number;
}

/** What a reservation answered. */
export type Reservation =
  | {
      granted: true /** Set when this reservation locked the key: ms until then, null = for good. */;
      lockedFor?: number | null;
    }
  | { granted: false /** ms until the lock ends; null = until unlocked. */; retryAfterMs: number | null };

/** One key of a right guess, and what its success does to it. */
export interface Release {
  key: string;
  how: 'clear' | 'one';
}

/** Where the counters live: the database, or Redis; shared by every instance either way. */
export interface AttemptStore {
  reserve(key: string, rule: AttemptRule, now: number): Promise<Reservation>;
  /**
   * A right guess, for each of its keys: `clear` forgets the key's failures and locks, `one` gives
   * back one place. All of them in one round trip where the store can.
   */
  release(keys: readonly Release[]): Promise<void>;
  /** Lock end (epoch ms) of those keys that are locked now. */
  lockedUntil(keys: readonly string[], now: number): Promise<Map<string, number>>;
  /** Deletes the keys and every key starting with one of the prefixes (administrator unlock). */
  clear(keys: readonly string[], prefixes?: readonly string[]): Promise<void>;
  /**
   * Deletes counters that no longer hold anything back: unlocked address counters whose window has
   * passed, unlocked password and device counters untouched for `accountAgeMs`.
   */
  sweep(now: number, ages: { addressWindowMs: number; accountAgeMs: number }): Promise<void>;
}

/** The lock length for the `locks`-th lock (0-based). */
export function lockLength(rule: AttemptRule, locks: number): number | null {
  const index = Math.min(locks, rule.lockMs.length - 1);
  return rule.lockMs[index] ?? null;
}
