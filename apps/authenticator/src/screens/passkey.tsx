import { addPasskey, removePasskeys, vaultPasskeys } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp, useVault } from '../app-context.js';
import { ErrorLine, PasswordInput } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { PasskeyError, passkeysAvailable, registerPasskey } from '../lib/passkey.js';

/**
 * Settings → Unlock with a passkey: set one up (the password confirms it), or remove it. Offered only
 * where the device has a platform authenticator; one without the PRF extension is refused with words.
 */
export function Passkey(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    passkeysAvailable().then(setAvailable);
  }, []);
  const enabled = vaultPasskeys(vault).length > 0;

  const setUp = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const passkey = await registerPasskey(t('appName'));
      await addPasskey(vault, password, passkey);
      if (await app.commit()) {
        setPassword('');
        app.notify(t('passkeyAdded'));
      }
    } catch (e) {
      if (e instanceof PasskeyError) {
        setError(
          e.problem === 'no-prf'
            ? t('passkeyNoPRF')
            : e.problem === 'unsupported'
              ? t('passkeyUnsupported')
              : t('passkeyCancelled'),
        );
      } else {
        setError(describeError(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="screen narrow">
      <h2>{t('passkeyTitle')}</h2>
      <p>{t('passkeyIntro')}</p>
      {available === false && !enabled && (
        <p class="notice" role="status">
          {t('passkeyUnsupported')}
        </p>
      )}
      {enabled ? (
        <>
          <p class="success" role="status">
            {t('passkeyOn')}
          </p>
          <div class="buttons">
            <button
              type="button"
              class="danger"
              onClick={async () => {
                removePasskeys(vault);
                if (await app.commit()) app.notify(t('passkeyRemoved'));
              }}
            >
              {t('passkeyRemove')}
            </button>
          </div>
        </>
      ) : (
        available && (
          <form
            class="form"
            onSubmit={(e) => {
              e.preventDefault();
              void setUp();
            }}
          >
            <PasswordInput
              label={t('currentPassword')}
              value={password}
              onValue={setPassword}
              autocomplete="current-password"
            />
            <ErrorLine text={error} />
            <div class="buttons">
              <button type="submit" class="primary" disabled={busy}>
                {t('passkeySetUp')}
              </button>
            </div>
          </form>
        )
      )}
      <p class="meta">{t('passkeyFilesNote')}</p>
      <div class="buttons">
        <GoButton to={{ name: 'settings' }}>{t('back')}</GoButton>
      </div>
    </section>
  );
}
