import type { PlainKey } from '../i18n/index.js';
import { Actions, Button } from '../web/components/button.js';
import { PostForm } from '../web/components/form.js';
import { Layout } from '../web/components/layout.js';
import type { PageContext } from '../web/context.js';

const SCOPE_TEXT: Record<string, PlainKey> = {
  openid: 'oidc.scope.openid',
  profile: 'oidc.scope.profile',
  email: 'oidc.scope.email',
  offline_access: 'oidc.scope.offline_access',
};

/** Asks whether an app that asks for consent may sign the person in and see what it requested. */
export function ConsentPage(props: { ctx: PageContext; app: string; scopes: string[]; action: string }) {
  const { ctx, app } = props;
  const { t } = ctx;
  const known = props.scopes.flatMap((scope) => {
    const key = SCOPE_TEXT[scope];
    return key ? [key] : [];
  });
  return (
    <Layout ctx={ctx} title={t('oidc.consent.title', { app })}>
      <PostForm ctx={ctx} action={props.action} class="card">
        <p>{t('oidc.consent.intro', { app })}</p>
        <ul>
          {known.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        <Actions>
          <Button kind="primary" name="decision" value="allow">
            {t('oidc.consent.allow')}
          </Button>
          <Button name="decision" value="deny">
            {t('oidc.consent.deny')}
          </Button>
        </Actions>
      </PostForm>
    </Layout>
  );
}
