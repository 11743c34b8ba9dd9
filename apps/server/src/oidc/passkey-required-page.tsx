import { Actions, Button, ButtonLink, Card, Page, PostForm } from '../web/components/index.js';
import type { PageContext } from '../web/context.js';

/**
 * An app that accepts only a phishing-resistant sign-in, and a session without one: a person with a
 * passkey is offered to use it now; one without is told to add one first.
 */
export function PasskeyRequiredPage(props: {
  ctx: PageContext;
  app: string;
  hasPasskey: boolean;
  /** Where "use my passkey" posts (the interaction's step-up). */
  action: string;
}) {
  const { ctx, app } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('oidc.passkeyRequired.title', { app })} width="narrow">
      <Card>
        <p>{t('oidc.passkeyRequired.why', { app })}</p>
        {props.hasPasskey ? (
          <PostForm ctx={ctx} action={props.action}>
            <p>{t('oidc.passkeyRequired.useIt')}</p>
            <Actions>
              <Button kind="primary">{t('oidc.passkeyRequired.signIn')}</Button>
            </Actions>
          </PostForm>
        ) : (
          <>
            <p>{t('oidc.passkeyRequired.addOne', { app })}</p>
            <Actions>
              <ButtonLink href="/account" kind="primary">
                {t('oidc.passkeyRequired.account')}
              </ButtonLink>
            </Actions>
          </>
        )}
      </Card>
    </Page>
  );
}
