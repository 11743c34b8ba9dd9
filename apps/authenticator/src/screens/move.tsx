import { encodeMigrationURIs } from '@kakunin/otp';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { VaultEntry } from '../app-context.js';
import { useApp, useVault } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { QRImage } from '../components/qr-image.js';
import { t, tn } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { encodeReceipt, type ReceiptCheck } from '../lib/receipt.js';
import { label } from '../lib/register.js';

/** Move to a new device: export all (old device), show the receipt (new), scan the receipt (old). */
export function Move(): JSX.Element {
  const app = useApp();
  return (
    <section class="screen narrow">
      <h2>{t('moveDevice')}</h2>
      <p>{t('moveIntro')}</p>
      <div class="buttons column">
        <button type="button" class="primary" onClick={() => app.go({ name: 'move-export' })}>
          {t('exportAll')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'receipt-show' })}>
          {t('showReceipt')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'scan', purpose: 'receipt' })}>
          {t('scanReceipt')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'settings' })}>
          {t('back')}
        </button>
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
          <p class="page-of" aria-live="polite">
            {t('pageOf', { index: page + 1, size })}
          </p>
          <QRImage text={uri} label={t('pageOf', { index: page + 1, size })} />
        </>
      )}
      <div class="buttons">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('previousPage')}
        </button>
        <button type="button" disabled={page >= size - 1} onClick={() => setPage(page + 1)}>
          {t('nextPage')}
        </button>
        <button type="button" class="primary" onClick={() => app.go({ name: 'move' })}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}

/** On the new device: the receipt QR, a digest of every account now here. */
export function ReceiptShow(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [text, setText] = useState<string | null>(null);
  const count = vault.entries().length;
  useEffect(() => {
    encodeReceipt(vault.entries().map((e) => e.account)).then(setText);
  }, [vault]);
  return (
    <section class="screen fullscreen">
      <h2>{t('receiptTitle')}</h2>
      <p>{tn('receiptHint', count)}</p>
      {text && <QRImage text={text} label={t('receiptTitle')} />}
      <div class="buttons">
        <button type="button" class="primary" onClick={() => app.go({ name: 'move' })}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}

/** On the old device, after scanning the receipt: all arrived (safe to delete) or what is missing. */
export function ReceiptResult({ check }: { check: ReceiptCheck<VaultEntry> }): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [confirming, setConfirming] = useState(false);
  const total = check.arrived.length + check.missing.length;
  const allArrived = check.missing.length === 0;
  return (
    <section class="screen narrow">
      <h2>{t('moveDevice')}</h2>
      <p class={allArrived ? 'success' : 'error'} role="status">
        {allArrived
          ? tn('receiptAllArrived', total)
          : tn('receiptMissing', total, { missing: check.missing.length })}
      </p>
      {!allArrived && (
        <ul class="missing">
          {check.missing.map((e) => (
            <li key={e.id}>{label(e.account)}</li>
          ))}
        </ul>
      )}
      <div class="buttons column">
        {check.arrived.length > 0 && (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {tn('deleteArrived', check.arrived.length)}
          </button>
        )}
        <button type="button" onClick={() => app.go({ name: 'move' })}>
          {t('back')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={tn('deleteArrived', check.arrived.length)}
          confirmLabel={t('deleteConfirm')}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false);
            for (const e of check.arrived) vault.remove(e.id);
            await app.commit();
            app.go({ name: 'list' });
            app.notify(tn('deletedCount', check.arrived.length));
          }}
        >
          <p>{t('deleteArrivedWarning')}</p>
          <ul>
            {check.arrived.map((e) => (
              <li key={e.id}>{label(e.account)}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </section>
  );
}
