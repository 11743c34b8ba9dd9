import { openVault } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { ErrorLine, PasswordInput } from '../components/fields.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { loadVaultTexts, requestPersistence, saveVaultText } from '../storage/vault-store.js';

/** Restore: an encrypted Kakunin/Aegis backup becomes this device's vault (its password too). */
export function Restore(): JSX.Element {
  const app = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="screen narrow">
      <h2>{t('restoreTitle')}</h2>
      <p>{t('restoreHint')}</p>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setBusy(true);
          setError(null);
          try {
            const text = await file.text();
            const vault = await openVault(text, password);
            // The stored copy is only replaced once the file has proved to open; the old one stays
            // as the previous copy.
            await saveVaultText(text);
            await requestPersistence();
            app.unlocked(vault);
          } catch (err) {
            setError(describeError(err));
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{t('chooseFile')}</span>
          <input
            type="file"
            accept=".json,application/json"
            required
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <PasswordInput label={t('vaultPassword')} value={password} onValue={setPassword} autocomplete="off" />
        <ErrorLine text={error} />
        <div class="buttons">
          <button
            type="button"
            onClick={async () => {
              const { current, previous } = await loadVaultTexts();
              app.go({ name: app.vault ? 'settings' : current || previous ? 'unlock' : 'first-run' });
            }}
          >
            {t('back')}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t('restore')}
          </button>
        </div>
      </form>
    </section>
  );
}
