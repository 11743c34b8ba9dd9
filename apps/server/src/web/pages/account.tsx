import { Actions, Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { CodeField } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Notice } from '../components/notice.js';
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

/**
 * Account settings: one card per task — the two-factor status (and Enable), switching phones,
 * recovery codes, turning it off. The two-factor cards are hidden while the administrator has it off.
 */
export function AccountPage(props: {
  ctx: PageContext;
  twoFactor: TwoFactorStatus;
  /** How many passkeys and security keys the person has. */
  passkeys: number;
  messages?: PageMessages | undefined;
}) {
  const { ctx, twoFactor, messages } = props;
  const { t } = ctx;
  const showSection = twoFactor.policy !== 'off' || twoFactor.enabled;
  // Passkeys are a second factor too: the account has two-factor sign-in without an app.
  const viaPasskeys = !twoFactor.enabled && props.passkeys > 0;
  return (
    <Page ctx={ctx} title={t('account.title')} messages={messages}>
      <p class="lead">{t('account.signedInAs', { username: ctx.viewer?.username ?? '' })}</p>
      <Card title={t('account.manageTitle')} id="manage">
        <ul>
          <li>
            <a href="/account/password">{t('account.linkPassword')}</a>
          </li>
          <li>
            <a href="/account/profile">{t('account.linkProfile')}</a>
          </li>
          <li>
            <a href="/account/sessions">{t('account.linkSessions')}</a>
          </li>
        </ul>
      </Card>
      {showSection && (
        <Card title={t('tf.title')} id="tf">
          <p>
            <span class={twoFactor.enabled || viaPasskeys ? 'tag on' : 'tag'}>
              {twoFactor.enabled
                ? t('tf.statusOn')
                : viaPasskeys
                  ? t('tf.statusPasskeys')
                  : t('tf.statusOff')}
            </span>
          </p>
          <p>{viaPasskeys ? t('tf.explainPasskeys') : t('tf.explain')}</p>
          {twoFactor.policy === 'required' && <p>{t('tf.required')}</p>}
          {twoFactor.enabled && twoFactor.pending && (
            <Notice kind="info">
              <p>
                {t('tf.pendingNotice')} <a href="/account/two-factor/enroll">{t('tf.continue')}</a>
              </p>
            </Notice>
          )}
          {!twoFactor.enabled && twoFactor.policy !== 'off' && (
            <PostForm ctx={ctx} action="/account/two-factor/enrollment">
              <Button kind={viaPasskeys ? 'secondary' : 'primary'}>
                {viaPasskeys ? t('tf.addApp') : t('tf.enable')}
              </Button>
            </PostForm>
          )}
        </Card>
      )}
      <Card title={t('passkeys.title')} id="passkeys">
        <p>{t('passkeys.explain')}</p>
        <p>{t('passkeys.count', { count: props.passkeys })}</p>
        <p>
          <a href="/account/passkeys">{t('passkeys.manage')}</a>
        </p>
      </Card>
      {!twoFactor.enabled && props.passkeys > 0 && (
        <RecoveryCodesCard
          ctx={ctx}
          codesLeft={twoFactor.recoveryCodesLeft}
          askCode={false}
          messages={messages}
        />
      )}
      {twoFactor.enabled && (
        <EnabledActions
          ctx={ctx}
          policy={twoFactor.policy}
          codesLeft={twoFactor.recoveryCodesLeft}
          messages={messages}
        />
      )}
    </Page>
  );
}

function EnabledActions({
  ctx,
  policy,
  codesLeft,
  messages,
}: {
  ctx: PageContext;
  policy: TwoFactorPolicy;
  codesLeft: number;
  messages: PageMessages | undefined;
}) {
  const { t } = ctx;
  return (
    <>
      <Card title={t('tf.rekeyTitle')} id="rekey">
        <p>{t('tf.rekeyExplain')}</p>
        <p>{t('enroll.rekeyRecoveryCodes')}</p>
        <PostForm ctx={ctx} action="/account/two-factor/enrollment">
          <Button>{t('tf.rekey')}</Button>
        </PostForm>
      </Card>
      <RecoveryCodesCard ctx={ctx} codesLeft={codesLeft} askCode messages={messages} />
      <Card title={t('tf.disableTitle')} id="disable" tone="danger">
        {policy === 'required' ? (
          <p>{t('tf.disableRefused')}</p>
        ) : (
          <PostForm ctx={ctx} action="/account/two-factor/disable">
            <p>{t('tf.disableExplain')}</p>
            <CodeField ctx={ctx} id="disable-code" error={errorFor(messages, 'disable-code')} />
            <Actions>
              <Button kind="danger">{t('tf.disable')}</Button>
            </Actions>
          </PostForm>
        )}
      </Card>
    </>
  );
}

/**
 * How many recovery codes are left, and new ones. With an authenticator app the form takes its code;
 * with passkeys alone it has none, and a proof that is due is given on the confirm page.
 */
function RecoveryCodesCard(props: {
  ctx: PageContext;
  codesLeft: number;
  askCode: boolean;
  messages: PageMessages | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Card title={t('tf.regenerateTitle')} id="regenerate">
      <p>{t('tf.codesLeft', { count: props.codesLeft })}</p>
      <p>{t('tf.regenerateExplain')}</p>
      <PostForm ctx={ctx} action="/account/two-factor/recovery-codes">
        {props.askCode && (
          <CodeField ctx={ctx} id="regenerate-code" error={errorFor(props.messages, 'regenerate-code')} />
        )}
        <Button>{t('tf.regenerate')}</Button>
      </PostForm>
    </Card>
  );
}
