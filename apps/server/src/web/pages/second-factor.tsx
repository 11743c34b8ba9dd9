import { Actions, Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { CodeField, Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import { PasskeyForm } from '../components/passkey-form.js';
import type { PageContext } from '../context.js';

/** What the second step can take: a code from the app, a passkey (not when a key was the first step). */
export interface SecondStep {
  totp: boolean;
  passkey: boolean;
  /** The first step was a security key that did not verify the person: only a code completes it. */
  afterKey: boolean;
}

/**
 * Step two of sign-in: the 6-digit code and, for a person with one, "Use a passkey or security key"
 * next to it; a way to use a recovery code instead.
 */
export function CodePage({
  ctx,
  messages,
  step,
}: {
  ctx: PageContext;
  messages?: PageMessages | undefined;
  step: SecondStep;
}) {
  const { t } = ctx;
  const passkey = step.passkey && !step.afterKey;
  return (
    <Page ctx={ctx} title={t('code.title')} messages={messages} width="narrow" passkeys={passkey}>
      {step.afterKey && <p>{t('passkeys.codeAfterKey')}</p>}
      {step.totp ? (
        <Card>
          <PostForm ctx={ctx} action="/sign-in/code">
            <p>{t('code.intro')}</p>
            <CodeField ctx={ctx} error={errorFor(messages, 'code')} autofocus />
            <Button kind="primary">{t('code.submit')}</Button>
          </PostForm>
        </Card>
      ) : (
        passkey && <p>{t('passkeys.codeIntroOnly')}</p>
      )}
      {passkey && (
        <Card>
          <PasskeyForm
            ctx={ctx}
            action="/sign-in/passkey"
            ceremony="sign-in"
            label={t('passkeys.use')}
            kind={step.totp ? 'secondary' : 'primary'}
          />
          <noscript>
            <p>{t('passkeys.needsScript')}</p>
          </noscript>
        </Card>
      )}
      <Actions>
        <a href="/sign-in/recovery">{t('code.useRecovery')}</a>
        <a href="/sign-in">{t('common.cancel')}</a>
      </Actions>
    </Page>
  );
}

/** Step two of sign-in with one of the recovery codes instead of the authenticator. */
export function RecoveryPage({ ctx, messages }: { ctx: PageContext; messages?: PageMessages | undefined }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('recovery.title')} messages={messages} width="narrow">
      <Card>
        <PostForm ctx={ctx} action="/sign-in/recovery">
          <p>{t('recovery.intro')}</p>
          <Field
            ctx={ctx}
            label={t('recovery.label')}
            name="code"
            id="recovery-code"
            autocomplete="off"
            error={errorFor(messages, 'recovery-code')}
            autofocus
          />
          <Button kind="primary">{t('recovery.submit')}</Button>
        </PostForm>
      </Card>
      <Actions>
        <a href="/sign-in/code">{t('recovery.useCode')}</a>
        <a href="/sign-in">{t('common.cancel')}</a>
      </Actions>
    </Page>
  );
}
