import type { JSX } from 'preact';
import { NEXT_CODE_SECONDS, warningInBothHalves } from '../lib/ticker.js';

/** Longer periods (rare; up to a day is valid) show the ring alone, without a column of seconds. */
export const NUMBERED_PERIOD = 120;

/**
 * A ring that empties over the period, with the seconds left in the middle, drawn without a
 * main-thread write each second: two half rings turn inside the ring's halves and a column of the
 * numbers from the period down to 1 slides by one line, as transform animations that the compositor
 * runs in one-second steps (the Ticker starts and resynchronises them). For the last seconds a
 * warning-coloured sweep shows over the accent one in the left half (in both halves for periods
 * under 21 s), and those numbers are in that colour. Hidden from screen readers, like the ring of other authenticators: the code is what is
 * read out.
 */
export function CountdownRing({ period }: { period: number }): JSX.Element {
  const numbers =
    period <= NUMBERED_PERIOD ? Array.from({ length: period }, (_, i) => String(period - i)) : [];
  const calm = numbers.slice(0, Math.max(0, period - NEXT_CODE_SECONDS));
  const ending = numbers.slice(calm.length);
  return (
    <span class="ring" aria-hidden="true">
      <span class="ring-track" />
      <span class="ring-half ring-half-right">
        <span class="ring-sweep" />
        {warningInBothHalves(period) && <span class="ring-sweep ring-sweep-ending" />}
      </span>
      <span class="ring-half ring-half-left">
        <span class="ring-sweep" />
        <span class="ring-sweep ring-sweep-ending" />
      </span>
      {numbers.length > 0 && (
        <span class="seconds">
          <span class="seconds-column">
            {calm.length > 0 && `${calm.join('\n')}\n`}
            <span class="ending">{ending.join('\n')}</span>
          </span>
        </span>
      )}
    </span>
  );
}
