import { Actions, Button, Card, Field, Page, PostForm } from '../components/index.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { PasskeyForm } from '../components/passkey-form.js';
import type { PageContext } from '../context.js';

/**
 * "Confirm that it is you" before a sensitive change: a code from the authenticator or a recovery
 * code, or the password for a person without a second factor. `next` is the change to carry out
 * afterwards (an action name or a path on this site, checked again on the server).
 */
export function ReauthenticatePage(props: {
  ctx: PageContext;
  /** The person's second factors: a code field for any, a passkey button for passkeys. */
  factors: { totp: unknown; passkey: boolean };
  next: string;
  messages?: PageMessages | undefined;
}) {
  const { ctx, factors, next, messages } = props;
  const { t } = ctx;
  const hasSecondFactor = factors.totp !== undefined || factors.passkey;
  return (
    <Page ctx={ctx} title={t('reauth.title')} messages={messages} width="narrow" passkeys={factors.passkey}>
      <Card>
        <PostForm ctx={ctx} action="/account/confirm">
          <input type="hidden" name="next" value={next} />
          <p>{hasSecondFactor ? t('reauth.explainFactor') : t('reauth.explainPassword')}</p>
          {hasSecondFactor ? (
            <Field
              ctx={ctx}
              label={t('reauth.codeLabel')}
              hint={t('reauth.codeHint')}
              name="code"
              id="reauth-code"
              autocomplete="one-time-code"
              error={errorFor(messages, 'reauth-code')}
              autofocus
            />
          ) : (
            <Field
              ctx={ctx}
              label={t('common.password')}
              name="password"
              id="reauth-password"
              type="password"
              autocomplete="current-password"
              error={errorFor(messages, 'reauth-password')}
              autofocus
            />
          )}
          <Actions>
            <Button kind="primary">{t('reauth.submit')}</Button>
            <a href="/account">{t('common.cancel')}</a>
          </Actions>
        </PostForm>
      </Card>
      {factors.passkey && (
        <Card>
          <PasskeyForm
            ctx={ctx}
            action="/account/confirm"
            ceremony="reauthenticate"
            label={t('passkeys.use')}
            fields={{ next }}
          >
            <p>{t('passkeys.reauthExplain')}</p>
          </PasskeyForm>
        </Card>
      )}
    </Page>
  );
}
