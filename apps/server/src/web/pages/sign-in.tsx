import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import { PasskeyForm } from '../components/passkey-form.js';
import type { PageContext } from '../context.js';

/** Step one of sign-in: username and password. */
export function SignInPage({
  ctx,
  messages,
  username,
  passkeySignIn,
}: {
  ctx: PageContext;
  messages?: PageMessages | undefined;
  username?: string | undefined;
  /** Passkeys may sign in without a password: the button, and autofill in the username field. */
  passkeySignIn: boolean;
}) {
  const forgot = ctx.mailEnabled;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('signIn.title')} messages={messages} width="narrow" passkeys={passkeySignIn}>
      <Card>
        <PostForm ctx={ctx} action="/sign-in">
          <Field
            ctx={ctx}
            label={t('common.username')}
            name="username"
            autocomplete={passkeySignIn ? 'username webauthn' : 'username'}
            value={username}
            error={errorFor(messages, 'username')}
            autofocus
          />
          <Field
            ctx={ctx}
            label={t('common.password')}
            name="password"
            type="password"
            autocomplete="current-password"
            error={errorFor(messages, 'password')}
          />
          <Button kind="primary">{t('signIn.submit')}</Button>
        </PostForm>
        {forgot && (
          <p>
            <a href="/sign-in/forgot">{t('forgot.link')}</a>
          </p>
        )}
      </Card>
      {passkeySignIn && (
        <PasskeyForm
          ctx={ctx}
          action="/sign-in/passkey"
          ceremony="sign-in"
          label={t('passkeys.signIn')}
          autofill
        >
          <p class="or">{t('passkeys.or')}</p>
        </PasskeyForm>
      )}
    </Page>
  );
}
