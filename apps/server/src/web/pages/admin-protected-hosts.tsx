import type { ProtectedHost } from '../../authz/index.js';
import { PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { PageMessages } from '../components/messages.js';
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
    <Layout ctx={ctx} title={t('hosts.title')} messages={props.messages}>
      <p>{t('hosts.intro')}</p>
      {hosts.length === 0 ? (
        <p>{t('hosts.empty')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('hosts.col.host')}</th>
              <th scope="col">{t('hosts.col.who')}</th>
              <th scope="col">{t('hosts.col.twoFactor')}</th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((rule) => (
              <tr key={rule.host}>
                <th scope="row">
                  <a href={hostPath(rule.host)}>{rule.host}</a>
                </th>
                <td>{whoMayEnter(ctx, rule)}</td>
                <td>{rule.twoFactor ? t('hosts.required') : t('hosts.notRequired')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="add-title" class="card">
        <h2 id="add-title">{t('hosts.addTitle')}</h2>
        <PostForm ctx={ctx} action="/admin/protected-hosts">
          <p class="field">
            <label for="host">{t('hosts.host')}</label>
            <input
              id="host"
              name="host"
              type="text"
              required
              autocapitalize="off"
              spellcheck={false}
              value={props.draft?.host}
              aria-describedby="host-hint"
            />
            <span class="hint" id="host-hint">
              {t('hosts.hostHint')}
            </span>
          </p>
          <RuleFields ctx={ctx} rule={props.draft} />
          <button type="submit" class="primary">
            {t('hosts.add')}
          </button>
        </PostForm>
      </section>
    </Layout>
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
    <Layout ctx={ctx} title={t('hosts.editTitle', { host: rule.host })} messages={props.messages}>
      <section aria-labelledby="rule-title" class="card">
        <h2 id="rule-title">{t('hosts.col.who')}</h2>
        <PostForm ctx={ctx} action={hostPath(rule.host)}>
          <RuleFields ctx={ctx} rule={rule} />
          <button type="submit" class="primary">
            {t('hosts.save')}
          </button>
        </PostForm>
      </section>
      <section aria-labelledby="remove-title" class="card">
        <h2 id="remove-title">{t('hosts.removeTitle')}</h2>
        <p>{t('hosts.removeExplain', { host: rule.host })}</p>
        <PostForm ctx={ctx} action={`${hostPath(rule.host)}/remove`}>
          <button type="submit" class="danger">
            {t('hosts.remove')}
          </button>
        </PostForm>
      </section>
      <p class="links">
        <a href="/admin/protected-hosts">{t('common.back')}</a>
      </p>
    </Layout>
  );
}

function whoMayEnter(ctx: PageContext, rule: ProtectedHost): string {
  if (rule.users.length === 0 && rule.roles.length === 0) return ctx.t('hosts.anyone');
  return [...rule.roles.map((role) => roleLabel(ctx.t, role)), ...rule.users].join(', ');
}

function RuleFields({ ctx, rule }: { ctx: PageContext; rule: Partial<ProtectedHost> | undefined }) {
  const { t } = ctx;
  return (
    <>
      <p class="field">
        <label for="users">{t('hosts.users')}</label>
        <input
          id="users"
          name="users"
          type="text"
          autocapitalize="off"
          spellcheck={false}
          value={rule?.users?.join(', ')}
          aria-describedby="users-hint"
        />
        <span class="hint" id="users-hint">
          {t('hosts.usersHint')}
        </span>
      </p>
      <fieldset>
        <legend>{t('hosts.roles')}</legend>
        {(['admin', 'user'] as const).map((role) => (
          <p class="choice" key={role}>
            <input
              type="checkbox"
              id={`role-${role}`}
              name={`role-${role}`}
              checked={rule?.roles?.includes(role)}
            />
            <label for={`role-${role}`}>{roleLabel(t, role)}</label>
          </p>
        ))}
      </fieldset>
      <p class="choice">
        <input
          type="checkbox"
          id="two-factor"
          name="twoFactor"
          checked={rule?.twoFactor}
          aria-describedby="two-factor-hint"
        />
        <label for="two-factor">{t('hosts.twoFactor')}</label>
        <span class="hint" id="two-factor-hint">
          {t('hosts.twoFactorHint')}
        </span>
      </p>
    </>
  );
}
