import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A QR code drawn as SVG by @kakunin/qr (loaded on first use). The SVG is generated from the module
 * matrix only (paths, no text from the payload), so inserting it as markup cannot inject anything.
 */
export function QRImage({ text, label }: { text: string; label: string }): JSX.Element {
  const [svg, setSVG] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    import('@kakunin/qr')
      .then(({ qrSVG }) => qrSVG(text))
      .then(
        (s) => live && setSVG(s),
        () => live && setFailed(true),
      );
    return () => {
      live = false;
    };
  }, [text]);
  if (failed) {
    return (
      <p class="error" role="alert">
        {t('qrTooLarge')}
      </p>
    );
  }
  return (
    <div
      class="qr"
      role="img"
      aria-label={label}
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
