import { openVault, type Vault } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { ErrorLine, PasswordInput } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { LanguageSelect } from '../components/language-select.js';
import { t } from '../i18n/i18n.js';
import { describeError, errorCode } from '../lib/errors.js';
import { loadVaultTexts } from '../storage/vault-store.js';

/** Outcome of trying the stored copies of the vault with a password. */
export type UnlockResult =
  | { ok: true; vault: Vault; fromPrevious: boolean }
  | { ok: false; damaged: boolean; message: string };

const isDamage = (e: unknown): boolean => ['DAMAGED', 'NOT_A_VAULT'].includes(errorCode(e) ?? '');

/**
 * Opens the stored vault. When the latest copy is damaged (never for a wrong password) the previous
 * copy is tried; nothing is deleted or rewritten here.
 */
export async function unlockStored(password: string): Promise<UnlockResult> {
  const { current, previous } = await loadVaultTexts();
  let firstError: unknown = null;
  for (const [text, fromPrevious] of [
    [current, false],
    [previous, true],
  ] as const) {
    if (text === null) continue;
    try {
      return { ok: true, vault: await openVault(text, password), fromPrevious };
    } catch (e) {
      firstError ??= e;
      if (!isDamage(e)) break;
    }
  }
  const damaged = isDamage(firstError) || (current === null && previous === null);
  return { ok: false, damaged, message: damaged ? t('vaultDamaged') : describeError(firstError) };
}

/** The lock screen: the vault password and Unlock. */
export function Unlock(): JSX.Element {
  const app = useApp();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; damaged: boolean } | null>(null);
  const [passkey, setPasskey] = useState(false);
  // The passkey code loads with this screen but after it, off the path to the first code.
  useEffect(() => {
    import('../lib/passkey-unlock.js')
      .then((m) => m.storedPasskeys())
      .then(
        (n) => setPasskey(n > 0 && typeof PublicKeyCredential !== 'undefined'),
        () => undefined,
      );
  }, []);
  return (
    <section class="screen narrow">
      <h2>{t('unlockTitle')}</h2>
      {passkey && (
        <div class="buttons">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                const m = await import('../lib/passkey-unlock.js');
                app.unlocked(await m.unlockWithPasskey());
              } catch {
                setError({ message: t('passkeyUnlockFailed'), damaged: false });
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('unlockWithPasskey')}
          </button>
        </div>
      )}
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const result = await unlockStored(password).catch(
            (err: unknown): UnlockResult => ({ ok: false, damaged: false, message: describeError(err) }),
          );
          setBusy(false);
          if (result.ok) {
            setPassword('');
            app.unlocked(result.vault);
            if (result.fromPrevious) app.notify(t('previousCopyOpened'), 'error');
          } else {
            setError(result);
          }
        }}
      >
        <PasswordInput
          label={t('vaultPassword')}
          value={password}
          onValue={setPassword}
          autocomplete="current-password"
        />
        <ErrorLine text={error?.message} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('unlocking') : t('unlock')}
        </button>
      </form>
      {error?.damaged && (
        <p>
          <GoButton to={{ name: 'restore' }} class="link">
            {t('restoreInstead')}
          </GoButton>
        </p>
      )}
      <LanguageSelect />
    </section>
  );
}
