import type { JSX } from 'preact';
import { useApp } from '../app-context.js';
import { Camera } from '../components/camera.js';
import { t } from '../i18n/i18n.js';
import { handleQRTexts } from '../lib/handle-qr.js';

/** Scan with the camera: a service's QR code, a migration page, or (purpose 'receipt') a move receipt. */
export function Scan({ purpose }: { purpose: 'add' | 'receipt' }): JSX.Element {
  const app = useApp();
  return (
    <section class="screen">
      <h2>{purpose === 'add' ? t('scanTitle') : t('scanReceipt')}</h2>
      <p>{purpose === 'add' ? t('scanHint') : t('scanReceiptHint')}</p>
      <Camera onTexts={(texts) => handleQRTexts(app, texts, purpose)} />
      <div class="buttons">
        <button
          type="button"
          onClick={() => app.go(purpose === 'add' ? { name: 'list' } : { name: 'move', side: 'old' })}
        >
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}
