import { ConfirmStep } from '../components/confirm.js';
import { PostForm } from '../components/form.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';
import type { TwoFactorPolicy } from './account.js';

/** The service settings an administrator edits. */
export interface SettingsView {
  twoFactor: TwoFactorPolicy;
  lockout: { maxFailures: number; lockSeconds: number | null };
  /** Null: the recommended default (15, or 8 while two-factor is required). */
  passwordMinLength: number | null;
}

const POLICIES: readonly TwoFactorPolicy[] = ['off', 'allowed', 'required'];

/** Two-factor policy (off / allowed / required) and lockout settings. */
export function AdminSettingsPage(props: {
  ctx: PageContext;
  settings: SettingsView;
  messages?: PageMessages;
  /** Policy "off" was asked for while users have two-factor on: confirm with the form's values. */
  confirmOff?: { count: number; fields: Record<string, string> } | undefined;
}) {
  const { ctx, settings } = props;
  const { t } = ctx;
  const untilUnlocked = settings.lockout.lockSeconds === null;
  const minutes =
    settings.lockout.lockSeconds === null ? 3 : Math.max(1, Math.round(settings.lockout.lockSeconds / 60));
  return (
    <Page ctx={ctx} title={t('admin.settingsTitle')} messages={props.messages}>
      {props.confirmOff && (
        <ConfirmStep
          ctx={ctx}
          title={t('admin.offConfirmTitle')}
          consequences={[
            t('admin.offConfirmUsers', { count: props.confirmOff.count }),
            t('admin.offConfirmKept'),
            t('admin.offConfirmAudit'),
          ]}
          action="/admin/settings"
          confirmLabel={t('admin.offConfirmButton')}
          cancelHref="/admin/settings"
          fields={props.confirmOff.fields}
        />
      )}
      <PostForm ctx={ctx} action="/admin/settings" class="card">
        <fieldset>
          <legend>{t('admin.policy')}</legend>
          {POLICIES.map((policy) => (
            <p class="choice" key={policy}>
              <input
                type="radio"
                name="twoFactor"
                id={`policy-${policy}`}
                value={policy}
                checked={settings.twoFactor === policy}
                aria-describedby={`policy-${policy}-hint`}
              />
              <label for={`policy-${policy}`}>{t(`admin.policy.${policy}`)}</label>
              <span class="hint" id={`policy-${policy}-hint`}>
                {t(`admin.policy.${policy}Hint`)}
              </span>
            </p>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('admin.lockout')}</legend>
          <p class="field">
            <label for="max-failures">{t('admin.maxFailures')}</label>
            <input
              id="max-failures"
              name="maxFailures"
              type="number"
              inputmode="numeric"
              min={1}
              max={100}
              required
              value={String(settings.lockout.maxFailures)}
            />
          </p>
          <p class="field">
            <label for="lock-minutes">{t('admin.lockMinutes')}</label>
            <input
              id="lock-minutes"
              name="lockMinutes"
              type="number"
              inputmode="numeric"
              min={1}
              max={100000}
              value={String(minutes)}
            />
          </p>
          <p class="choice">
            <input
              type="checkbox"
              id="lock-until-unlocked"
              name="untilUnlocked"
              value="1"
              checked={untilUnlocked}
            />
            <label for="lock-until-unlocked">{t('admin.lockUntilUnlocked')}</label>
          </p>
        </fieldset>
        <fieldset>
          <legend>{t('admin.passwordMinLength')}</legend>
          <p class="field">
            <label for="password-min-length">{t('admin.passwordMinLength')}</label>
            <span class="hint" id="password-min-length-hint">
              {t('admin.passwordMinLengthHint')}
            </span>
            <input
              id="password-min-length"
              name="passwordMinLength"
              type="number"
              inputmode="numeric"
              min={8}
              max={64}
              aria-describedby="password-min-length-hint"
              value={settings.passwordMinLength === null ? '' : String(settings.passwordMinLength)}
            />
          </p>
        </fieldset>
        <button type="submit" class="primary">
          {t('admin.save')}
        </button>
      </PostForm>
    </Page>
  );
}
