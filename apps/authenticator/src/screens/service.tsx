import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { GoButton } from '../components/go-button.js';
import { IconPicker } from '../components/icon-picker.js';
import { TrashIcon } from '../components/icons.js';
import { t } from '../i18n/i18n.js';
import { label } from '../lib/register.js';

/** One registered service: edit its names, Export its QR code, or Delete it (trash icon). */
export function Service({ id, from }: { id: string; from?: 'list' | undefined }): JSX.Element {
  const app = useApp();
  // Back to where the account was opened: the code list (long press) or Registered services.
  const back = from === 'list' ? ({ name: 'list' } as const) : ({ name: 'services' } as const);
  const vault = useVault();
  const entry = vault.entries().find((e) => e.id === id);
  const [issuer, setIssuer] = useState(entry?.account.issuer ?? '');
  const [name, setName] = useState(entry?.account.name ?? '');
  const [group, setGroup] = useState(entry?.account.group ?? '');
  const [confirming, setConfirming] = useState(false);
  if (!entry) {
    return (
      <section class="screen narrow">
        <GoButton to={back}>{t('back')}</GoButton>
      </section>
    );
  }
  const title = label(entry.account);
  return (
    <section class="screen narrow">
      <h2>{title}</h2>
      <IconPicker
        issuer={entry.account.issuer}
        name={entry.account.name}
        icon={entry.account.icon}
        onChange={async (icon) => {
          vault.update(id, { icon });
          if (await app.commit()) app.notify(t('saved'));
        }}
      />
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          // An empty group means none; a new name creates the group (Aegis group uuid) on save.
          vault.update(id, { issuer: issuer.trim(), name: name.trim(), group: group.trim() });
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
        <label class="field">
          <span>{t('group')}</span>
          <input
            list="group-names"
            value={group}
            aria-describedby="group-hint"
            onInput={(e) => setGroup(e.currentTarget.value)}
          />
          <span class="meta" id="group-hint">
            {t('groupHint')}
          </span>
        </label>
        <datalist id="group-names">
          {vault.groups().map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <div class="buttons">
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </div>
      </form>
      <div class="buttons">
        <GoButton to={back}>{t('back')}</GoButton>
        <GoButton to={{ name: 'export-one', id }}>{t('export')}</GoButton>
      </div>
      {/* Apart from the everyday buttons, in words as well as the icon: deleting cannot be undone. */}
      <section class="danger-zone" aria-labelledby="danger-title">
        <h3 id="danger-title">{t('dangerZone')}</h3>
        <p class="meta">{t('deleteHint')}</p>
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          <TrashIcon />
          {t('delete')}
        </button>
      </section>
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
            app.go(back);
            app.notify(t('deleted', { name: title }));
          }}
        >
          <p>{t('deleteWarning')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
