import { CodeField, Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/** Step two of sign-in: the 6-digit code, with a way to use a recovery code instead. */
export function CodePage({ ctx, messages }: { ctx: PageContext; messages?: PageMessages }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('code.title')} messages={messages}>
      <PostForm ctx={ctx} action="/sign-in/code" class="card">
        <p>{t('code.intro')}</p>
        <CodeField ctx={ctx} autofocus />
        <button type="submit" class="primary">
          {t('code.submit')}
        </button>
      </PostForm>
      <p class="links">
        <a href="/sign-in/recovery">{t('code.useRecovery')}</a>
        <a href="/sign-in">{t('common.cancel')}</a>
      </p>
    </Page>
  );
}

/** Step two of sign-in with one of the recovery codes instead of the authenticator. */
export function RecoveryPage({ ctx, messages }: { ctx: PageContext; messages?: PageMessages }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('recovery.title')} messages={messages}>
      <PostForm ctx={ctx} action="/sign-in/recovery" class="card">
        <p>{t('recovery.intro')}</p>
        <Field
          ctx={ctx}
          label={t('recovery.label')}
          name="code"
          id="recovery-code"
          autocomplete="off"
          autofocus
        />
        <button type="submit" class="primary">
          {t('recovery.submit')}
        </button>
      </PostForm>
      <p class="links">
        <a href="/sign-in/code">{t('recovery.useCode')}</a>
        <a href="/sign-in">{t('common.cancel')}</a>
      </p>
    </Page>
  );
}
