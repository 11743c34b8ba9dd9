import { openVault } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { PasswordInput } from '../components/fields.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { loadVaultTexts } from '../storage/vault-store.js';
import { NewPasswordForm } from './first-run.js';

/** Change the vault password: the current one first (checked against the stored vault), then the new twice. */
export function ChangePassword(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [current, setCurrent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="screen narrow">
      <h2>{t('changePassword')}</h2>
      <PasswordInput
        label={t('currentPassword')}
        value={current}
        onValue={setCurrent}
        autocomplete="current-password"
      />
      <NewPasswordForm
        firstLabel={t('newPassword')}
        submitLabel={t('changePassword')}
        busy={busy}
        busyLabel={t('unlocking')}
        error={error}
        onSubmit={async (password) => {
          setBusy(true);
          setError(null);
          try {
            const { current: stored } = await loadVaultTexts();
            if (stored) await openVault(stored, current);
            await vault.changePassword(password);
            if (await app.commit()) {
              app.go({ name: 'settings' });
              app.notify(t('passwordChanged'));
            }
          } catch (e) {
            setError(describeError(e));
          } finally {
            setBusy(false);
          }
        }}
      />
      <div class="buttons">
        <button type="button" onClick={() => app.go({ name: 'settings' })}>
          {t('back')}
        </button>
      </div>
    </section>
  );
}
