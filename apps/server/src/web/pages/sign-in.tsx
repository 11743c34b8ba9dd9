import { Field, PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { PageMessages } from '../components/messages.js';
import type { PageContext } from '../context.js';

/** Step one of sign-in: username and password. */
export function SignInPage({
  ctx,
  messages,
  username,
}: {
  ctx: PageContext;
  messages?: PageMessages;
  username?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.title')} messages={messages}>
      <PostForm ctx={ctx} action="/sign-in" class="card">
        <Field
          label={t('common.username')}
          name="username"
          autocomplete="username"
          value={username}
          autofocus
        />
        <Field label={t('common.password')} name="password" type="password" autocomplete="current-password" />
        <button type="submit" class="primary">
          {t('signIn.submit')}
        </button>
      </PostForm>
    </Layout>
  );
}
