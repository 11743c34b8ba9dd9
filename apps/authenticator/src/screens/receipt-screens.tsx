import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { VaultEntry } from '../app-context.js';
import { useApp, useVault } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorLine } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { QRImage } from '../components/qr-image.js';
import { t, tn } from '../i18n/i18n.js';
import { encodeReceipt, type ReceiptCheck } from '../lib/receipt.js';
import { matchesReceiptCode, normaliseReceiptCode, receiptCode } from '../lib/receipt-code.js';
import { label } from '../lib/register.js';

/** On the new device: the confirmation QR (a digest of every account now here) and its short code. */
export function ReceiptShow(): JSX.Element {
  const vault = useVault();
  const [text, setText] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const count = vault.entries().length;
  useEffect(() => {
    const accounts = vault.entries().map((e) => e.account);
    encodeReceipt(accounts).then(setText);
    receiptCode(accounts).then(setCode);
  }, [vault]);
  return (
    <section class="screen fullscreen">
      <h2>{t('receiptTitle')}</h2>
      <p>{tn('receiptHint', count)}</p>
      {text && <QRImage text={text} label={t('receiptTitle')} />}
      {code && (
        <p class="receipt-code">
          {t('receiptCodeHint')} <strong data-receipt-code>{code}</strong>
        </p>
      )}
      <div class="buttons centered">
        <GoButton to={{ name: 'move', side: 'new' }} class="primary">
          {t('close')}
        </GoButton>
      </div>
    </section>
  );
}

/** On the old device: the code typed from the new device's screen, checked against all accounts here. */
export function ReceiptCodeForm(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!normaliseReceiptCode(typed)) {
          setError(t('receiptCodeMalformed'));
          return;
        }
        const entries = vault.entries();
        if (
          await matchesReceiptCode(
            typed,
            entries.map((x) => x.account),
          )
        ) {
          app.go({ name: 'receipt-result', check: { arrived: [...entries], missing: [] } });
        } else {
          setError(t('receiptCodeMismatch'));
        }
      }}
    >
      <label class="field">
        <span>{t('receiptCodeLabel')}</span>
        <input
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxLength={12}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </label>
      <ErrorLine text={error} />
      <div class="buttons">
        <button type="submit">{t('receiptCodeCheck')}</button>
      </div>
    </form>
  );
}

/** On the old device, after the confirmation: all arrived (safe to delete) or what is missing. */
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
        <GoButton to={{ name: 'move', side: 'old' }}>{t('back')}</GoButton>
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
