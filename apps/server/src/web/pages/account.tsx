import { CodeField } from '../components/field.js';
import { PostForm } from '../components/form.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/** The administrator's two-factor policy. */
export type TwoFactorPolicy = 'off' | 'allowed' | 'required';

/** What the account page shows about the viewer's two-factor authentication. */
export interface TwoFactorStatus {
  enabled: boolean;
  /** A new key waits for its first code. */
  pending: boolean;
  recoveryCodesLeft: number;
  policy: TwoFactorPolicy;
}

/** Account settings with the two-factor section (hidden while the administrator has it off). */
export function AccountPage(props: {
  ctx: PageContext;
  twoFactor: TwoFactorStatus;
  messages?: PageMessages;
}) {
  const { ctx, twoFactor } = props;
  const { t } = ctx;
  const showSection = twoFactor.policy !== 'off' || twoFactor.enabled;
  return (
    <Page ctx={ctx} title={t('account.title')} messages={props.messages}>
      <p>{t('account.signedInAs', { username: ctx.viewer?.username ?? '' })}</p>
      {showSection && (
        <section aria-labelledby="tf-title" class="card">
          <h2 id="tf-title">{t('tf.title')}</h2>
          <p class={twoFactor.enabled ? 'status on' : 'status off'}>
            {twoFactor.enabled ? t('tf.statusOn') : t('tf.statusOff')}
          </p>
          <p>{t('tf.explain')}</p>
          {twoFactor.policy === 'required' && <p>{t('tf.required')}</p>}
          {twoFactor.enabled && twoFactor.pending && (
            <p>
              {t('tf.pendingNotice')} <a href="/account/two-factor/enroll">{t('tf.continue')}</a>
            </p>
          )}
          {twoFactor.enabled ? (
            <EnabledActions ctx={ctx} policy={twoFactor.policy} codesLeft={twoFactor.recoveryCodesLeft} />
          ) : (
            twoFactor.policy !== 'off' && (
              <PostForm ctx={ctx} action="/account/two-factor/enrollment">
                <button type="submit" class="primary">
                  {t('tf.enable')}
                </button>
              </PostForm>
            )
          )}
        </section>
      )}
    </Page>
  );
}

function EnabledActions({
  ctx,
  policy,
  codesLeft,
}: {
  ctx: PageContext;
  policy: TwoFactorPolicy;
  codesLeft: number;
}) {
  const { t } = ctx;
  return (
    <>
      <section aria-labelledby="rekey-title">
        <h3 id="rekey-title">{t('tf.rekeyTitle')}</h3>
        <p>{t('tf.rekeyExplain')}</p>
        <p>{t('enroll.rekeyRecoveryCodes')}</p>
        <PostForm ctx={ctx} action="/account/two-factor/enrollment">
          <button type="submit">{t('tf.rekey')}</button>
        </PostForm>
      </section>
      <section aria-labelledby="regenerate-title">
        <h3 id="regenerate-title">{t('tf.regenerateTitle')}</h3>
        <p>{t('tf.codesLeft', { count: codesLeft })}</p>
        <p>{t('tf.regenerateExplain')}</p>
        <PostForm ctx={ctx} action="/account/two-factor/recovery-codes">
          <CodeField ctx={ctx} id="regenerate-code" />
          <button type="submit">{t('tf.regenerate')}</button>
        </PostForm>
      </section>
      <section aria-labelledby="disable-title">
        <h3 id="disable-title">{t('tf.disableTitle')}</h3>
        {policy === 'required' ? (
          <p>{t('tf.disableRefused')}</p>
        ) : (
          <PostForm ctx={ctx} action="/account/two-factor/disable">
            <p>{t('tf.disableExplain')}</p>
            <CodeField ctx={ctx} id="disable-code" />
            <button type="submit" class="danger">
              {t('tf.disable')}
            </button>
          </PostForm>
        )}
      </section>
    </>
  );
}
