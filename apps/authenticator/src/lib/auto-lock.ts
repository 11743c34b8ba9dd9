const STORAGE_KEY = 'kakunin.autoLockMinutes';
export const AUTO_LOCK_CHOICES: readonly number[] = [1, 2, 5, 15, 60, 0];
const DEFAULT_MINUTES = 5;

/** The configured inactivity lock in minutes (0 = never). */
export function autoLockMinutes(): number {
  try {
    const v = Number(localStorage.getItem(STORAGE_KEY));
    return AUTO_LOCK_CHOICES.includes(v) && localStorage.getItem(STORAGE_KEY) !== null ? v : DEFAULT_MINUTES;
  } catch {
    return DEFAULT_MINUTES;
  }
}

/** Remembers the inactivity lock (not secret). */
export function setAutoLockMinutes(minutes: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(minutes));
  } catch {
    // not remembered
  }
}

/**
 * Calls `onLock` after `minutes()` without pointer or key activity. Also locks when the page comes
 * back after being hidden longer than that. Returns a function that stops watching.
 */
export function watchInactivity(
  minutes: () => number,
  onLock: () => void,
  now: () => number = Date.now,
): () => void {
  let last = now();
  const touch = (): void => {
    last = now();
  };
  const check = (): void => {
    const m = minutes();
    if (m > 0 && now() - last >= m * 60_000) onLock();
  };
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
  for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
  document.addEventListener('visibilitychange', check);
  const timer = setInterval(check, 5_000);
  return () => {
    for (const e of events) window.removeEventListener(e, touch, { capture: true });
    document.removeEventListener('visibilitychange', check);
    clearInterval(timer);
  };
}
