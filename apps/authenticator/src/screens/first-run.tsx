import { createVault } from '@kakunin/vault';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { ErrorLine, PasswordInput } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { LanguageSelect } from '../components/language-select.js';
import { type MessageKey, t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { passwordStrength } from '../lib/strength.js';
import { requestPersistence, saveVaultText } from '../storage/vault-store.js';

export const MIN_PASSWORD_LENGTH = 8;

/** First run: choose the vault password (twice, with a strength hint) and create the vault. */
export function FirstRun(): JSX.Element {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="screen narrow">
      <h2>{t('firstRunTitle')}</h2>
      <p>{t('firstRunIntro')}</p>
      <NewPasswordForm
        submitLabel={t('createVault')}
        busy={busy}
        busyLabel={t('creatingVault')}
        error={error}
        onSubmit={async (password) => {
          setBusy(true);
          setError(null);
          try {
            const vault = await createVault(password);
            await saveVaultText(await vault.serialize());
            await requestPersistence();
            app.unlocked(vault);
          } catch (e) {
            setError(describeError(e));
            setBusy(false);
          }
        }}
      />
      <p>
        <GoButton to={{ name: 'restore' }} class="link">
          {t('restoreInstead')}
        </GoButton>
      </p>
      <LanguageSelect />
    </section>
  );
}

/** Password + repeat + strength meter; used by first run and by change password. */
export function NewPasswordForm(props: {
  submitLabel: string;
  busy: boolean;
  busyLabel: string;
  error: string | null;
  firstLabel?: string;
  onSubmit: (password: string) => void;
}): JSX.Element {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const score = passwordStrength(password);
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (password.length < MIN_PASSWORD_LENGTH) return setProblem(t('passwordTooShort'));
        if (password !== repeat) return setProblem(t('passwordsDiffer'));
        setProblem(null);
        props.onSubmit(password);
      }}
    >
      <PasswordInput
        label={props.firstLabel ?? t('vaultPassword')}
        value={password}
        onValue={setPassword}
        autocomplete="new-password"
        describedBy="strength"
      />
      <p id="strength" class={`strength strength-${score}`} aria-live="polite">
        <meter min={0} max={4} value={score} aria-hidden="true" />{' '}
        {password ? t('strengthLabel', { level: t(`strength${score}` as MessageKey) }) : t('strengthHint')}
      </p>
      <PasswordInput
        label={t('repeatPassword')}
        value={repeat}
        onValue={setRepeat}
        autocomplete="new-password"
      />
      <ErrorLine text={problem ?? props.error} />
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.submitLabel}
      </button>
    </form>
  );
}
