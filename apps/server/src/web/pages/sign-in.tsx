import { Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/** Step one of sign-in: username and password. */
export function SignInPage({
  ctx,
  messages,
  username,
}: {
  ctx: PageContext;
  messages?: PageMessages | undefined;
  username?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('signIn.title')} messages={messages} width="narrow">
      <Card>
        <PostForm ctx={ctx} action="/sign-in">
          <Field
            ctx={ctx}
            label={t('common.username')}
            name="username"
            autocomplete="username"
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
      </Card>
    </Page>
  );
}
