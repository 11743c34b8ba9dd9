import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConfirmStep } from '../components/confirm.js';
import { Choices, Field } from '../components/field.js';
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
  passkeySignIn: boolean;
  adminsNeedPasskey: boolean;
}

const POLICIES: readonly TwoFactorPolicy[] = ['off', 'allowed', 'required'];

/** Two-factor policy (off / allowed / required), lockout and password settings, one form. */
export function AdminSettingsPage(props: {
  ctx: PageContext;
  settings: SettingsView;
  messages?: PageMessages | undefined;
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
      <PostForm ctx={ctx} action="/admin/settings">
        <Card>
          <Choices
            legend={t('admin.policy')}
            name="twoFactor"
            checked={[settings.twoFactor]}
            options={POLICIES.map((policy) => ({
              value: policy,
              label: t(`admin.policy.${policy}`),
              hint: t(`admin.policy.${policy}Hint`),
            }))}
          />
        </Card>
        <Card title={t('admin.lockout')} id="lockout">
          <Field
            ctx={ctx}
            label={t('admin.maxFailures')}
            name="maxFailures"
            id="max-failures"
            type="number"
            min={1}
            max={100}
            width="short"
            value={String(settings.lockout.maxFailures)}
          />
          <Field
            ctx={ctx}
            label={t('admin.lockMinutes')}
            name="lockMinutes"
            id="lock-minutes"
            type="number"
            min={1}
            max={100000}
            width="short"
            required={false}
            value={String(minutes)}
          />
          <Choices
            legend={t('admin.lockUntilLegend')}
            name="untilUnlocked"
            type="checkbox"
            checked={untilUnlocked ? ['1'] : []}
            options={[{ value: '1', label: t('admin.lockUntilUnlocked') }]}
          />
        </Card>
        <Card title={t('admin.passwordMinLength')} id="passwords">
          <Field
            ctx={ctx}
            label={t('admin.passwordMinLength')}
            hint={t('admin.passwordMinLengthHint')}
            name="passwordMinLength"
            id="password-min-length"
            type="number"
            min={8}
            max={64}
            width="short"
            required={false}
            value={settings.passwordMinLength === null ? '' : String(settings.passwordMinLength)}
          />
        </Card>
        <Card title={t('passkeys.title')} id="passkey-settings">
          {/* Unchecked boxes send nothing: this field says the form holds them. */}
          <input type="hidden" name="passkeySettings" value="1" />
          <Choices
            legend={t('passkeys.signIn')}
            name="passkeySignIn"
            type="checkbox"
            checked={settings.passkeySignIn ? ['1'] : []}
            options={[
              { value: '1', label: t('settings.passkeySignIn'), hint: t('settings.passkeySignInHint') },
            ]}
          />
          <Choices
            legend={t('settings.adminsLegend')}
            name="adminsNeedPasskey"
            type="checkbox"
            checked={settings.adminsNeedPasskey ? ['1'] : []}
            options={[
              {
                value: '1',
                label: t('settings.adminsNeedPasskey'),
                hint: t('settings.adminsNeedPasskeyHint'),
              },
            ]}
          />
        </Card>
        <Button kind="primary">{t('admin.save')}</Button>
      </PostForm>
    </Page>
  );
}
