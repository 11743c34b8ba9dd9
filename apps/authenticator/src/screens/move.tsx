import { encodeMigrationURIs } from '@kakunin/otp/migration';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { QRImage } from '../components/qr-image.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { label } from '../lib/register.js';
import { ReceiptCodeForm } from './receipt-screens.js';

export { ReceiptResult, ReceiptShow } from './receipt-screens.js';

/**
 * Move to a new device. One question first — is this the old or the new device? — then only that
 * side's steps: the old device exports and then checks the confirmation; the new device scans and
 * then shows the confirmation.
 */
export function Move({ side }: { side?: 'old' | 'new' | undefined }): JSX.Element {
  const app = useApp();
  if (!side) {
    return (
      <section class="screen narrow">
        <h2>{t('moveDevice')}</h2>
        <p>{t('moveWhichDevice')}</p>
        <div class="buttons column">
          <button type="button" class="choice" onClick={() => app.go({ name: 'move', side: 'old' })}>
            <strong>{t('moveOldDevice')}</strong>
            <span class="meta">{t('moveOldDeviceHint')}</span>
          </button>
          <button type="button" class="choice" onClick={() => app.go({ name: 'move', side: 'new' })}>
            <strong>{t('moveNewDevice')}</strong>
            <span class="meta">{t('moveNewDeviceHint')}</span>
          </button>
        </div>
        <div class="buttons">
          <GoButton to={{ name: 'settings' }}>{t('back')}</GoButton>
        </div>
      </section>
    );
  }
  return (
    <section class="screen narrow">
      <h2>{side === 'old' ? t('moveOldDevice') : t('moveNewDevice')}</h2>
      {side === 'old' ? (
        <ol class="steps">
          <li>
            <p>{t('moveOldStep1')}</p>
            <GoButton to={{ name: 'move-export' }} class="primary">
              {t('exportAll')}
            </GoButton>
          </li>
          <li>
            <p>{t('moveOldStep2')}</p>
            <div class="buttons">
              <GoButton to={{ name: 'scan', purpose: 'receipt' }}>{t('scanReceipt')}</GoButton>
              <GoButton to={{ name: 'image' }}>{t('receiptFromImage')}</GoButton>
            </div>
            <ReceiptCodeForm />
          </li>
        </ol>
      ) : (
        <ol class="steps">
          <li>
            <p>{t('moveNewStep1')}</p>
            <div class="buttons">
              <GoButton to={{ name: 'scan', purpose: 'add' }} class="primary">
                {t('scanQR')}
              </GoButton>
              <GoButton to={{ name: 'image' }}>{t('importImage')}</GoButton>
            </div>
          </li>
          <li>
            <p>{t('moveNewStep2')}</p>
            <GoButton to={{ name: 'receipt-show' }} class="primary">
              {t('showReceipt')}
            </GoButton>
          </li>
        </ol>
      )}
      <div class="buttons">
        <GoButton to={{ name: 'move' }}>{t('back')}</GoButton>
      </div>
    </section>
  );
}

/** All accounts as Google Authenticator migration QR codes, one page at a time ("2 of 3"). */
export function MoveExport(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [pages, setPages] = useState<{ uris: string[]; skipped: string[] } | null>(null);
  const [page, setPage] = useState(0);
  useEffect(() => {
    try {
      const r = encodeMigrationURIs(
        vault.entries().map((e) => e.account),
        {},
      );
      setPages({ uris: r.uris, skipped: r.skipped.map((s) => label(s.account)) });
    } catch (e) {
      app.notify(describeError(e), 'error');
    }
  }, [vault, app.notify]);
  const uri = pages?.uris[page];
  const size = pages?.uris.length ?? 0;
  return (
    <section class="screen fullscreen">
      <p class="warning" role="note">
        {t('exportWarning')}
      </p>
      {pages && pages.skipped.length > 0 && (
        <p>{t('skippedAccounts', { names: pages.skipped.join(', ') })}</p>
      )}
      {uri && (
        <>
          {size > 1 && (
            <p class="page-of" aria-live="polite">
              {t('pageOf', { index: page + 1, size })}
            </p>
          )}
          <QRImage text={uri} label={t('pageOf', { index: page + 1, size })} />
        </>
      )}
      <div class="buttons centered">
        {/* Paging only when there is more than one page. */}
        {size > 1 && (
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('previousPage')}
          </button>
        )}
        {size > 1 && (
          <button type="button" disabled={page >= size - 1} onClick={() => setPage(page + 1)}>
            {t('nextPage')}
          </button>
        )}
        <GoButton to={{ name: 'move', side: 'old' }} class="primary">
          {t('close')}
        </GoButton>
      </div>
    </section>
  );
}
