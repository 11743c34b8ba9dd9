import type { ProtectedHost } from '../../authz/index.js';
import {
  Actions,
  Button,
  Card,
  Choices,
  errorFor,
  Field,
  Page,
  type PageMessages,
  PostForm,
  Table,
} from '../components/index.js';
import type { PageContext } from '../context.js';
import { roleLabel } from './admin-users.js';

/** The path of one host's rule page. */
export const hostPath = (host: string): string => `/admin/protected-hosts/${encodeURIComponent(host)}`;

/** The apps behind the proxy with who may enter each, and the form to protect another. */
export function AdminProtectedHostsPage(props: {
  ctx: PageContext;
  hosts: readonly ProtectedHost[];
  draft?: Partial<ProtectedHost> | undefined;
  messages?: PageMessages;
}) {
  const { ctx, hosts } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('hosts.title')} width="wide" messages={props.messages}>
      <p>{t('hosts.intro')}</p>
      {hosts.length === 0 ? (
        <p>{t('hosts.empty')}</p>
      ) : (
        <Table
          caption={t('hosts.title')}
          captionHidden
          head={[t('hosts.col.host'), t('hosts.col.who'), t('hosts.col.twoFactor')]}
        >
          {hosts.map((rule) => (
            <tr key={rule.host}>
              <th scope="row">
                <a href={hostPath(rule.host)}>{rule.host}</a>
              </th>
              <td>{whoMayEnter(ctx, rule)}</td>
              <td>{rule.twoFactor ? t('hosts.required') : t('hosts.notRequired')}</td>
            </tr>
          ))}
        </Table>
      )}
      <Card title={t('hosts.addTitle')} id="add">
        <PostForm ctx={ctx} action="/admin/protected-hosts">
          <Field
            ctx={ctx}
            label={t('hosts.host')}
            hint={t('hosts.hostHint')}
            error={errorFor(props.messages, 'host')}
            name="host"
            value={props.draft?.host}
          />
          <RuleFields ctx={ctx} rule={props.draft} messages={props.messages} />
          <Actions>
            <Button kind="primary">{t('hosts.add')}</Button>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

/** One host's rule: change it, or stop protecting the host. */
export function AdminProtectedHostPage(props: {
  ctx: PageContext;
  rule: ProtectedHost;
  messages?: PageMessages;
}) {
  const { ctx, rule } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('hosts.editTitle', { host: rule.host })} messages={props.messages}>
      <Card title={t('hosts.col.who')} id="rule">
        <PostForm ctx={ctx} action={hostPath(rule.host)}>
          <RuleFields ctx={ctx} rule={rule} messages={props.messages} />
          <Actions>
            <Button kind="primary">{t('hosts.save')}</Button>
          </Actions>
        </PostForm>
      </Card>
      <Card title={t('hosts.removeTitle')} id="remove" tone="danger">
        <p>{t('hosts.removeExplain', { host: rule.host })}</p>
        <PostForm ctx={ctx} action={`${hostPath(rule.host)}/remove`}>
          <Actions>
            <Button kind="danger">{t('hosts.remove')}</Button>
          </Actions>
        </PostForm>
      </Card>
      <p class="links">
        <a href="/admin/protected-hosts">{t('common.back')}</a>
      </p>
    </Page>
  );
}

function whoMayEnter(ctx: PageContext, rule: ProtectedHost): string {
  if (rule.users.length === 0 && rule.roles.length === 0) return ctx.t('hosts.anyone');
  return [...rule.roles.map((role) => roleLabel(ctx.t, role)), ...rule.users].join(', ');
}

function RuleFields(props: {
  ctx: PageContext;
  rule: Partial<ProtectedHost> | undefined;
  messages: PageMessages | undefined;
}) {
  const { ctx, rule } = props;
  const { t } = ctx;
  return (
    <>
      <Field
        ctx={ctx}
        label={t('hosts.users')}
        hint={t('hosts.usersHint')}
        error={errorFor(props.messages, 'users')}
        name="users"
        required={false}
        value={rule?.users?.join(', ')}
      />
      <Choices
        legend={t('hosts.roles')}
        name="role"
        type="checkbox"
        namePerOption
        checked={rule?.roles ?? []}
        options={(['admin', 'user'] as const).map((role) => ({ value: role, label: roleLabel(t, role) }))}
      />
      <Choices
        legend={t('hosts.col.twoFactor')}
        name="twoFactor"
        type="checkbox"
        checked={rule?.twoFactor ? ['on'] : []}
        options={[{ value: 'on', label: t('hosts.twoFactor'), hint: t('hosts.twoFactorHint') }]}
      />
    </>
  );
}
