import type { APITokenSummary } from '../../services/api-tokens.js';
import { ConfirmStep } from '../components/confirm.js';
import {
  Actions,
  Button,
  Card,
  Choices,
  errorFor,
  Field,
  Notice,
  Page,
  type PageMessages,
  PostForm,
  Table,
} from '../components/index.js';
import { LocalTime } from '../components/time.js';
import type { PageContext } from '../context.js';

/** Administrator console → API tokens: the list, a new token (shown once), revocation. */
export function AdminTokensPage(props: {
  ctx: PageContext;
  tokens: readonly APITokenSummary[];
  /** A token just created: its only showing. */
  created?: { name: string; token: string } | undefined;
  messages?: PageMessages;
}) {
  const { ctx, tokens } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('tokens.title')} width="wide" messages={props.messages}>
      <p>{t('tokens.intro')}</p>
      {props.created && (
        <Notice kind="success">
          <p>{t('tokens.created', { name: props.created.name })}</p>
          <p>
            <code class="token" data-token="">
              {props.created.token}
            </code>
          </p>
        </Notice>
      )}
      {tokens.length === 0 ? (
        <p>{t('tokens.empty')}</p>
      ) : (
        <Table
          caption={t('tokens.title')}
          captionHidden
          head={[
            t('tokens.col.name'),
            t('tokens.col.scope'),
            t('tokens.col.createdBy'),
            t('tokens.col.lastUsed'),
            t('tokens.col.state'),
          ]}
        >
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row">{token.name}</th>
              <td>{token.scope === 'admin' ? t('tokens.scope.admin') : t('tokens.scope.read')}</td>
              <td>
                {token.createdBy}, <LocalTime ctx={ctx} at={token.createdAt} />
              </td>
              <td>
                {token.lastUsedAt === null ? (
                  t('tokens.never')
                ) : (
                  <>
                    <LocalTime ctx={ctx} at={token.lastUsedAt} /> ({token.lastUsedIP ?? '—'})
                  </>
                )}
              </td>
              <td>
                {token.revokedAt !== null ? (
                  t('tokens.revoked')
                ) : (
                  <PostForm ctx={ctx} action={`/admin/tokens/${token.id}/revoke`} label={t('tokens.revoke')}>
                    <Button kind="danger">{t('tokens.revoke')}</Button>
                  </PostForm>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Card title={t('tokens.addTitle')} id="add">
        <PostForm ctx={ctx} action="/admin/tokens">
          <Field
            ctx={ctx}
            label={t('tokens.name')}
            hint={t('tokens.nameHint')}
            name="name"
            error={errorFor(props.messages, 'name')}
          />
          <Choices
            legend={t('tokens.scope')}
            name="scope"
            checked={['read']}
            options={[
              { value: 'read', label: t('tokens.scope.read'), hint: t('tokens.scope.readHint') },
              { value: 'admin', label: t('tokens.scope.admin'), hint: t('tokens.scope.adminHint') },
            ]}
          />
          <Actions>
            <Button kind="primary">{t('tokens.add')}</Button>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

/** The confirmation step of revoking a token: what stops working, and that it cannot be undone. */
export function RevokeTokenPage(props: { ctx: PageContext; id: number; name: string }) {
  const { ctx, name } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('tokens.revokeTitle')}>
      <ConfirmStep
        ctx={ctx}
        title={t('tokens.revokeConfirm.question', { name })}
        consequences={[t('tokens.revokeConfirm.calls'), t('tokens.revokeConfirm.final')]}
        action={`/admin/tokens/${props.id}/revoke`}
        confirmLabel={t('tokens.revoke')}
        cancelHref="/admin/tokens"
      />
    </Page>
  );
}
