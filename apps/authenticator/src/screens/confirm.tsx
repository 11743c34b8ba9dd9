import type { Account, MigrationBatch } from '@kakunin/otp';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { t, tn } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { registerAccounts } from '../lib/register.js';

/** After a scan: the accounts found, issuer and account name editable, and [Register]. */
export function Confirm(props: { accounts: Account[]; batch?: MigrationBatch | undefined }): JSX.Element {
  const app = useApp();
  const [edited, setEdited] = useState(() => props.accounts.map((a) => ({ ...a })));
  const [busy, setBusy] = useState(false);
  const set = (i: number, field: 'issuer' | 'name', value: string): void => {
    setEdited(edited.map((a, j) => (j === i ? { ...a, [field]: value } : a)));
  };
  const many = edited.length !== 1;
  return (
    <section class="screen">
      <h2>{many ? tn('confirmManyTitle', edited.length) : t('confirmTitle')}</h2>
      {props.batch && props.batch.size > 1 && (
        <p>{t('migrationPage', { index: props.batch.index + 1, size: props.batch.size })}</p>
      )}
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await registerAccounts(app, edited, props.batch);
          } catch (err) {
            app.notify(describeError(err), 'error');
          } finally {
            // A failed registration leaves Register usable for another try.
            setBusy(false);
          }
        }}
      >
        {edited.map((a, i) => (
          <fieldset class="card" key={i}>
            {many && <legend>{`${i + 1}.`}</legend>}
            <label class="field">
              <span>{t('issuer')}</span>
              <input value={a.issuer} onInput={(e) => set(i, 'issuer', e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>{t('accountName')}</span>
              <input value={a.name} onInput={(e) => set(i, 'name', e.currentTarget.value)} />
            </label>
            <p class="meta">
              {a.type.toUpperCase()} · {a.algorithm} · {a.digits} ·{' '}
              {a.type === 'hotp' ? `#${a.counter}` : `${a.period}s`}
            </p>
          </fieldset>
        ))}
        <div class="buttons">
          <GoButton to={{ name: 'list' }}>{t('cancel')}</GoButton>
          <button type="submit" class="primary" disabled={busy}>
            {t('register')}
          </button>
        </div>
      </form>
    </section>
  );
}
