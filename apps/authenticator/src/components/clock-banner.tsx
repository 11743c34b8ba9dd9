import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { CLOCK_TOLERANCE_MS, measureClockSkew } from '../lib/clock-check.js';

/** Warns when this device's clock is more than 15 s off the server's (codes would be rejected). */
export function ClockBanner(): JSX.Element | null {
  const [skew, setSkew] = useState<number | null>(null);
  useEffect(() => {
    measureClockSkew().then(setSkew);
  }, []);
  if (skew === null || Math.abs(skew) <= CLOCK_TOLERANCE_MS) return null;
  return (
    <p class="notice notice-error clock" role="alert">
      {t('clockSkew', { s: Math.round(Math.abs(skew) / 1000) })}
    </p>
  );
}
