import type { OIDCApp } from '../oidc/apps.js';
import {
  Actions,
  Button,
  Card,
  Checkbox,
  Field,
  Notice,
  Page,
  type PageMessages,
  PostForm,
  SelectField,
  Table,
} from '../web/components/index.js';
import type { PageContext } from '../web/context.js';

/** The path of one app's page in the console. */
export const appPath = (clientId: string): string => `/admin/apps/${encodeURIComponent(clientId)}`;

/** Administrator console → Applications: the registered apps and the form to register another. */
export function AdminAppsPage(props: {
  ctx: PageContext;
  apps: readonly OIDCApp[];
  issuer: string;
  messages?: PageMessages;
}) {
  const { ctx, apps } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('apps.title')} messages={props.messages} width="wide">
      <p>{t('apps.intro', { issuer: props.issuer })}</p>
      {apps.length === 0 ? (
        <p>{t('apps.none')}</p>
      ) : (
        <Table
          caption={t('apps.title')}
          captionHidden
          head={[t('apps.name'), t('apps.clientId'), t('apps.type'), t('apps.requiresTwoFactor')]}
        >
          {apps.map((app) => (
            <tr key={app.clientId}>
              <th scope="row">
                <a href={appPath(app.clientId)}>{app.name}</a>
              </th>
              <td>
                <code>{app.clientId}</code>
              </td>
              <td>{app.public ? t('apps.public') : t('apps.confidential')}</td>
              <td>
                {app.requiresPasskey
                  ? t('apps.passkeyOnly')
                  : app.requiresTwoFactor
                    ? t('apps.yes')
                    : t('apps.no')}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title={t('apps.registerTitle')} id="register">
        <PostForm ctx={ctx} action="/admin/apps">
          <AppFields ctx={ctx} app={undefined} />
          <Actions>
            <Button kind="primary">{t('apps.register')}</Button>
          </Actions>
        </PostForm>
      </Card>
      <Card title={t('apps.signingKeys')} id="keys">
        <p>{t('apps.rotateKeysHint')}</p>
        <PostForm ctx={ctx} action="/admin/apps/signing-keys/rotate">
          <Actions>
            <Button>{t('apps.rotateKeys')}</Button>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

/** One app: its settings, a new secret, deletion; the secret once right after it was made. */
export function AdminAppPage(props: {
  ctx: PageContext;
  app: OIDCApp;
  secret?: string | undefined;
  messages?: PageMessages;
}) {
  const { ctx, app } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('apps.editTitle', { app: app.name })} messages={props.messages}>
      {props.secret && (
        <Notice kind="warning">
          <p>{t('apps.secretOnce')}</p>
          <p>
            {t('apps.clientId')}: <code>{app.clientId}</code>
          </p>
          <p>
            {t('apps.secret')}: <code class="secret">{props.secret}</code>
          </p>
        </Notice>
      )}
      <Card title={t('apps.edit')} id="edit">
        <p>
          {t('apps.clientId')}: <code>{app.clientId}</code>
        </p>
        <PostForm ctx={ctx} action={appPath(app.clientId)}>
          <AppFields ctx={ctx} app={app} />
          <Actions>
            <Button kind="primary">{t('apps.save')}</Button>
            <a href="/admin/apps">{t('common.back')}</a>
          </Actions>
        </PostForm>
      </Card>
      {!app.public && (
        <Card title={t('apps.rotateSecret')} id="secret">
          <p>{t('apps.rotateConfirm')}</p>
          <PostForm ctx={ctx} action={`${appPath(app.clientId)}/secret`}>
            <Actions>
              <Button>{t('apps.rotateSecret')}</Button>
            </Actions>
          </PostForm>
        </Card>
      )}
      <Card title={t('apps.delete')} id="delete" tone="danger">
        <p>{t('apps.deleteConfirm', { app: app.name })}</p>
        <PostForm ctx={ctx} action={`${appPath(app.clientId)}/delete`}>
          <Actions>
            <Button kind="danger">{t('apps.delete')}</Button>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

function AppFields({ ctx, app }: { ctx: PageContext; app: OIDCApp | undefined }) {
  const { t } = ctx;
  return (
    <>
      <Field ctx={ctx} label={t('apps.name')} name="name" value={app?.name} />
      <TextArea
        label={t('apps.redirectURIs')}
        hint={t('apps.redirectHint')}
        name="redirectURIs"
        value={app?.redirectURIs.join('\n')}
        required
      />
      <TextArea
        label={t('apps.postLogoutURIs')}
        hint={t('apps.postLogoutHint')}
        name="postLogoutRedirectURIs"
        value={app?.postLogoutRedirectURIs.join('\n')}
      />
      {app === undefined && (
        <SelectField
          ctx={ctx}
          label={t('apps.type')}
          name="kind"
          value="client_secret_basic"
          options={[
            { value: 'client_secret_basic', label: `${t('apps.confidential')} — client_secret_basic` },
            { value: 'client_secret_post', label: `${t('apps.confidential')} — client_secret_post` },
            { value: 'none', label: t('apps.public') },
          ]}
        />
      )}
      <Checkbox
        id="requires-two-factor"
        name="requiresTwoFactor"
        label={t('apps.requiresTwoFactor')}
        checked={app?.requiresTwoFactor}
      />
      <Checkbox
        id="requires-passkey"
        name="requiresPasskey"
        label={t('apps.requiresPasskey')}
        hint={t('apps.requiresPasskeyHint')}
        checked={app?.requiresPasskey}
      />
      <Checkbox id="ask-consent" name="askConsent" label={t('apps.askConsent')} checked={app?.askConsent} />
    </>
  );
}

function TextArea(props: {
  label: string;
  hint: string;
  name: string;
  value?: string | undefined;
  required?: boolean;
}) {
  return (
    <p class="field">
      <label for={props.name}>{props.label}</label>
      <span class="hint" id={`${props.name}-hint`}>
        {props.hint}
      </span>
      <textarea
        id={props.name}
        name={props.name}
        rows={3}
        required={props.required}
        aria-describedby={`${props.name}-hint`}
        autocapitalize="off"
        spellcheck={false}
      >
        {props.value ?? ''}
      </textarea>
    </p>
  );
}
