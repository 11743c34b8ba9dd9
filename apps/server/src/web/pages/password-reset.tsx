import {
  Actions,
  Button,
  Card,
  errorFor,
  Field,
  Notice,
  Page,
  type PageMessages,
  PostForm,
} from '../components/index.js';
import type { PageContext } from '../context.js';

/** "Forgot your password?": asks for the username or mail address, then says a link may be on its way. */
export function ForgotPasswordPage(props: { ctx: PageContext; sent?: boolean; messages?: PageMessages }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('forgot.title')} width="narrow" messages={props.messages}>
      {props.sent ? (
        <Notice kind="success">{t('forgot.sent')}</Notice>
      ) : (
        <Card>
          <p>{t('forgot.intro')}</p>
          <PostForm ctx={ctx} action="/sign-in/forgot">
            <Field
              ctx={ctx}
              label={t('forgot.identifier')}
              name="identifier"
              autocomplete="username"
              error={errorFor(props.messages, 'identifier')}
              required
              autofocus
            />
            <Actions>
              <Button kind="primary">{t('forgot.submit')}</Button>
              <a href="/sign-in">{t('common.back')}</a>
            </Actions>
          </PostForm>
        </Card>
      )}
    </Page>
  );
}

/** The page a reset link opens: choose a new password (the second factor is asked at sign-in). */
export function ResetPasswordPage(props: {
  ctx: PageContext;
  token: string;
  username: string;
  /** The password policy's minimum length, told before the person types. */
  minLength: number;
  messages?: PageMessages;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('reset.title')} width="narrow" messages={props.messages}>
      <Card>
        <p>{t('reset.intro', { username: props.username })}</p>
        <PostForm ctx={ctx} action="/sign-in/reset">
          <input type="hidden" name="token" value={props.token} />
          <input type="hidden" name="username" value={props.username} autocomplete="username" />
          <Field
            ctx={ctx}
            label={t('reset.password')}
            hint={t('account.newPasswordHint', { minLength: props.minLength })}
            name="password"
            type="password"
            autocomplete="new-password"
            error={errorFor(props.messages, 'password')}
            required
            autofocus
          />
          <Actions>
            <Button kind="primary">{t('reset.submit')}</Button>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}
