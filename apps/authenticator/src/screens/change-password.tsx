import { openVault, vaultPasskeys } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { PasswordInput } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { loadVaultTexts } from '../storage/vault-store.js';
import { NewPasswordForm } from './first-run.js';

/**
 * Change the vault password: the current one first (checked against the stored vault), then the new
 * twice. A new password means a new vault key, so a passkey set up on this device stops unlocking the
 * vault: the screen says so before and after.
 */
export function ChangePassword(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [current, setCurrent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hadPasskey = vaultPasskeys(vault).length > 0;
  return (
    <section class="screen narrow">
      <h2>{t('changePassword')}</h2>
      {hadPasskey && (
        <p class="notice" role="status">
          {t('passwordChangeDropsPasskey')}
        </p>
      )}
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
              const changed = t('passwordChanged');
              app.notify(hadPasskey ? `${changed} ${t('passkeyDroppedByPasswordChange')}` : changed);
            }
          } catch (e) {
            setError(describeError(e));
          } finally {
            setBusy(false);
          }
        }}
      />
      <div class="buttons">
        <GoButton to={{ name: 'settings' }}>{t('back')}</GoButton>
      </div>
    </section>
  );
}
