import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { TrashIcon } from '../components/icons.js';
import { t } from '../i18n/i18n.js';
import { label } from '../lib/register.js';

/** One registered service: edit its names, Export its QR code, or Delete it (trash icon). */
export function Service({ id }: { id: string }): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const entry = vault.entries().find((e) => e.id === id);
  const [issuer, setIssuer] = useState(entry?.account.issuer ?? '');
  const [name, setName] = useState(entry?.account.name ?? '');
  const [confirming, setConfirming] = useState(false);
  if (!entry) {
    return (
      <section class="screen narrow">
        <button type="button" onClick={() => app.go({ name: 'services' })}>
          {t('back')}
        </button>
      </section>
    );
  }
  const title = label(entry.account);
  return (
    <section class="screen narrow">
      <h2>{title}</h2>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          vault.update(id, { issuer: issuer.trim(), name: name.trim() });
          if (await app.commit()) app.notify(t('saved'));
        }}
      >
        <label class="field">
          <span>{t('issuer')}</span>
          <input value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t('accountName')}</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="buttons">
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </div>
      </form>
      <div class="buttons">
        <button type="button" onClick={() => app.go({ name: 'services' })}>
          {t('back')}
        </button>
        <button type="button" onClick={() => app.go({ name: 'export-one', id })}>
          {t('export')}
        </button>
        <button
          type="button"
          class="icon-button danger"
          aria-label={t('delete')}
          onClick={() => setConfirming(true)}
        >
          <TrashIcon />
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('deleteTitle', { name: title })}
          confirmLabel={t('deleteConfirm')}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setConfirming(false);
            vault.remove(id);
            await app.commit();
            app.go({ name: 'services' });
            app.notify(t('deleted', { name: title }));
          }}
        >
          <p>{t('deleteWarning')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
