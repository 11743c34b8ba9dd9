import type { Account } from '@kakunin/otp';
import { wrongCodesInAegis } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { ErrorLine } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { lang, t } from '../i18n/i18n.js';
import { describeError, errorCode, withCode } from '../lib/errors.js';
import { loadInterop } from '../lib/qr-decoder.js';
import { label } from '../lib/register.js';

/** Offers `text` as a file download (a blob URL, revoked right after). */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Why an import was refused, in the package's words: they name the file and, where it is recognisably
 * another app's, that app and what to do (the code follows for support).
 */
function importRefusal(e: unknown): string {
  const code = errorCode(e);
  if (e instanceof Error && e.name === 'ImportError' && code) {
    const words = (e as Error & { localizedMessage(l: string): string }).localizedMessage(lang());
    return withCode(words, code);
  }
  return describeError(e);
}

/**
 * Backup (download the encrypted vault file, in Aegis's format: it warns, as the CLI's export does, of
 * MD5 accounts Aegis would show wrong codes for) and import from any file @kakunin/interop reads.
 */
export function Backup(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [file, setFile] = useState<File | null>(null);
  const [needPassword, setNeedPassword] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const wrongInAegis = wrongCodesInAegis(vault.entries().map((e) => e.account));

  const importNow = async (): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const interop = await loadInterop();
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await interop.importFile(bytes, {
        filename: file.name,
        ...(needPassword ? { password } : {}),
      });
      const accounts: Account[] = result.accounts;
      app.go({ name: 'confirm', accounts });
    } catch (e) {
      const code = errorCode(e);
      if (code === 'PASSWORD_REQUIRED') {
        setNeedPassword(true);
        setError(t('passwordRequired'));
      } else if (code === 'WRONG_PASSWORD') {
        setError(t('fileWrongPassword'));
      } else {
        setError(importRefusal(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="screen narrow">
      <h2>{t('backupRestore')}</h2>
      <p>{t('backupHint')}</p>
      {wrongInAegis.length > 0 && (
        <p class="warning">{t('backupWrongCodesInAegis', { names: wrongInAegis.map(label).join(', ') })}</p>
      )}
      <div class="buttons">
        <button
          type="button"
          class="primary"
          onClick={async () => {
            try {
              const date = new Date().toISOString().slice(0, 10);
              download(`kakunin-backup-${date}.json`, await vault.serialize());
            } catch (e) {
              app.notify(describeError(e), 'error');
            }
          }}
        >
          {t('downloadBackup')}
        </button>
      </div>
      <h3>{t('importFile')}</h3>
      <p>{t('importFileHint')}</p>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void importNow();
        }}
      >
        {/* The browser's own file control reads differently in every browser and language; a button does not. */}
        <div class="file-pick">
          <label class="button">
            {t('chooseFile')}
            <input
              type="file"
              required
              class="visually-hidden"
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0] ?? null);
                setNeedPassword(false);
                setError(null);
              }}
            />
          </label>
          <span class="meta" aria-live="polite">
            {file ? file.name : t('noFileChosen')}
          </span>
        </div>
        {needPassword && (
          <label class="field">
            <span>{t('filePassword')}</span>
            <input
              type="password"
              autocomplete="off"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
        )}
        <ErrorLine text={error} />
        <div class="buttons">
          <GoButton to={{ name: 'settings' }}>{t('back')}</GoButton>
          <button type="submit" class="primary" disabled={busy || !file}>
            {t('open')}
          </button>
        </div>
      </form>
    </section>
  );
}
