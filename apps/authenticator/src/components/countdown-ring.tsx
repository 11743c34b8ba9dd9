import type { JSX } from 'preact';

/**
 * A ring that empties over the period, with the seconds left in the middle. The Ticker sets the
 * arc's dash offset and the text once a second; nothing animates between ticks, so 1,000 accounts
 * cost no more than the text did.
 */
export function CountdownRing({ unit }: { unit: string }): JSX.Element {
  return (
    <span class="ring">
      <svg viewBox="0 0 36 36" width="36" height="36" aria-hidden="true" focusable="false">
        <circle class="ring-track" cx="18" cy="18" r="15" />
        <circle class="ring-arc" cx="18" cy="18" r="15" pathLength="1" />
      </svg>
      <span class="seconds">·</span>
      <span class="visually-hidden">{unit}</span>
    </span>
  );
}
