import { formatKeyURI } from '@kakunin/otp';
import type { JSX } from 'preact';
import { useVault } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { QRImage } from '../components/qr-image.js';
import { t } from '../i18n/i18n.js';
import { label } from '../lib/register.js';

/** One account's otpauth:// QR code, full screen, with the warning that it holds the secret. */
export function ExportOne({ id }: { id: string }): JSX.Element {
  const entry = useVault()
    .entries()
    .find((e) => e.id === id);
  return (
    <section class="screen fullscreen">
      <p class="warning" role="note">
        {t('exportWarning')}
      </p>
      {entry && <QRImage text={formatKeyURI(entry.account)} label={label(entry.account)} />}
      <div class="buttons">
        <GoButton to={{ name: 'service', id }} class="primary">
          {t('close')}
        </GoButton>
      </div>
    </section>
  );
}
