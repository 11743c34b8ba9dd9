import type { Locale } from '../../i18n/index.js';
import type { PageContext } from '../context.js';

/** The service's fallback time zone when a page knows none (KAKUNIN_TIME_ZONE, default UTC). */
export const DEFAULT_TIME_ZONE = 'UTC';

/** Date and time with the zone named, e.g. "30 Nov 2026, 23:05:09 GMT+9" / "2026/11/30 23:05:09 JST". */
export function formatDateTime(at: number, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: locale === 'ja' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone,
  }).format(at);
}

/**
 * A moment in the reader's time zone, always labelled. The server writes it in the zone the browser
 * reported (cookie set by /assets/local-time.js), else in the service's; the script rewrites it in
 * the browser's zone on the first visit.
 */
export function LocalTime({ ctx, at }: { ctx: PageContext; at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} data-local-time="">
      {formatDateTime(at, ctx.locale, ctx.timeZone ?? DEFAULT_TIME_ZONE)}
    </time>
  );
}
