import type { Translate } from '../../i18n/index.js';
import type { PasskeyInfo } from '../../services/passkeys/manage.js';
import type { SessionInfo } from '../../services/session-list.js';
import { Button, ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConfirmStep } from '../components/confirm.js';
import { Checkbox, Field, SelectField } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import { Table } from '../components/table.js';
import type { PageContext } from '../context.js';
import { UserManagementCards } from './admin-user-manage.js';
import { PasskeyTable } from './passkeys.js';

/** One row of the administrator's users list. */
export interface UserRow {
  username: string;
  displayName: string | null;
  email: string | null;
  role: 'admin' | 'user';
  twoFactorEnabled: boolean;
  locked: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
}

/** Which page of which search the list shows. */
export interface Paging {
  query: string;
  page: number;
  pageSize: number;
  total: number;
}

/** Translated role name. */
export function roleLabel(t: Translate, role: UserRow['role']): string {
  return role === 'admin' ? t('admin.role.admin') : t('admin.role.user');
}

export const userPath = (username: string): string => `/admin/users/${encodeURIComponent(username)}`;

/** The status tag of a user: disabled, waiting for their own password, or active. */
function StatusTag({ t, user }: { t: Translate; user: UserRow }) {
  if (user.disabled) return <span class="tag warn">{t('admin.status.disabled')}</span>;
  if (user.mustChangePassword) return <span class="tag">{t('admin.status.mustChange')}</span>;
  return <span class="tag on">{t('admin.status.active')}</span>;
}

/** The users list with each user's 2FA status, and the form to create a user. */
export function AdminUsersPage(props: {
  ctx: PageContext;
  users: readonly UserRow[];
  paging: Paging;
  messages?: PageMessages | undefined;
  /** What was typed into the create form, shown again after an error. */
  draft?: { username?: string | undefined; role?: string | undefined; email?: string | undefined };
  /** The password policy's minimum length, told before the administrator types a password. */
  minLength: number;
}) {
  const { ctx, messages } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.usersTitle')} messages={messages} width="wide">
      <form method="get" action="/admin/users" class="search">
        <Field
          ctx={ctx}
          label={t('admin.search')}
          hint={t('admin.searchHint')}
          name="q"
          id="search"
          type="text"
          value={props.paging.query}
          required={false}
        />
        <Button>{t('admin.searchButton')}</Button>
      </form>
      {props.users.length === 0 ? (
        <p>{t('admin.noUsers')}</p>
      ) : (
        <Table
          caption={t('admin.usersTitle')}
          captionHidden
          head={[
            t('admin.col.username'),
            t('admin.col.role'),
            t('admin.col.twoFactor'),
            t('admin.col.locked'),
            t('admin.col.status'),
            t('admin.col.name'),
            t('admin.col.email'),
          ]}
        >
          {props.users.map((user) => (
            <tr key={user.username}>
              <th scope="row">
                <a href={userPath(user.username)}>{user.username}</a>
              </th>
              <td>{roleLabel(t, user.role)}</td>
              <td>
                <span class={user.twoFactorEnabled ? 'tag on' : 'tag'}>
                  {user.twoFactorEnabled ? t('admin.tf.on') : t('admin.tf.off')}
                </span>
              </td>
              <td>
                {user.locked ? <span class="tag warn">{t('admin.locked.yes')}</span> : t('admin.locked.no')}
              </td>
              <td>
                <StatusTag t={t} user={user} />
              </td>
              <td>{user.displayName ?? ''}</td>
              <td>{user.email ?? ''}</td>
            </tr>
          ))}
        </Table>
      )}
      <PagingLinks t={t} paging={props.paging} shown={props.users.length} />
      <p>
        <a href="/admin/users.csv" download="users.csv">
          {t('admin.exportCSV')}
        </a>
        {' · '}
        <a href="/admin/users/import">{t('admin.importCSV')}</a>
      </p>
      <Card title={t('admin.createTitle')} id="create">
        <PostForm ctx={ctx} action="/admin/users">
          <Field
            ctx={ctx}
            label={t('common.username')}
            hint={t('admin.usernameHint')}
            name="username"
            id="new-username"
            autocomplete="off"
            value={props.draft?.username}
            error={errorFor(messages, 'new-username')}
          />
          <Field
            ctx={ctx}
            label={t('admin.createEmail')}
            name="email"
            id="new-email"
            type="email"
            autocomplete="off"
            required={false}
            value={props.draft?.email}
            error={errorFor(messages, 'new-email')}
          />
          <Field
            ctx={ctx}
            label={t('admin.createPassword')}
            hint={t(ctx.mailEnabled ? 'admin.createPasswordHintMail' : 'admin.createPasswordHint', {
              minLength: props.minLength,
            })}
            name="password"
            id="new-password"
            type="password"
            autocomplete="new-password"
            required={false}
            error={errorFor(messages, 'new-password')}
          />
          <SelectField
            ctx={ctx}
            label={t('admin.role')}
            name="role"
            id="new-role"
            value={props.draft?.role ?? 'user'}
            options={[
              { value: 'user', label: t('admin.role.user') },
              { value: 'admin', label: t('admin.role.admin') },
            ]}
          />
          <Button kind="primary">{t('admin.create')}</Button>
        </PostForm>
      </Card>
    </Page>
  );
}

/** "1–50 of 10,000" with links to the previous and next page of the same search. */
function PagingLinks({ t, paging, shown }: { t: Translate; paging: Paging; shown: number }) {
  if (paging.total === 0) return null;
  const from = (paging.page - 1) * paging.pageSize + 1;
  const link = (page: number) =>
    `/admin/users?${new URLSearchParams({ ...(paging.query ? { q: paging.query } : {}), page: String(page) })}`;
  return (
    <nav class="paging" aria-label={t('admin.usersTitle')}>
      <span>{t('admin.paging', { from, to: from + shown - 1, total: paging.total })}</span>
      {paging.page > 1 && (
        <a href={link(paging.page - 1)} rel="prev">
          {t('admin.previous')}
        </a>
      )}
      {from + shown - 1 < paging.total && (
        <a href={link(paging.page + 1)} rel="next">
          {t('admin.next')}
        </a>
      )}
    </nav>
  );
}

/**
 * One user: facts, reset password, and — only where they apply — reset 2FA (through a confirmation
 * step) and unlock.
 */
export function AdminUserPage(props: {
  ctx: PageContext;
  user: UserRow;
  passkeys: readonly PasskeyInfo[];
  sessions: readonly SessionInfo[];
  /** The password policy's minimum length, told before the administrator types a password. */
  minLength: number;
  messages?: PageMessages | undefined;
}) {
  const { ctx, user, messages } = props;
  const { t } = ctx;
  const base = userPath(user.username);
  return (
    <Page ctx={ctx} title={t('admin.userTitle', { username: user.username })} messages={messages}>
      <Card>
        <dl class="facts">
          <dt>{t('admin.col.role')}</dt>
          <dd>{roleLabel(t, user.role)}</dd>
          <dt>{t('admin.col.twoFactor')}</dt>
          <dd>{user.twoFactorEnabled ? t('admin.tf.on') : t('admin.tf.off')}</dd>
          <dt>{t('admin.col.locked')}</dt>
          <dd>{user.locked ? t('admin.locked.yes') : t('admin.locked.notLocked')}</dd>
          <dt>{t('admin.col.status')}</dt>
          <dd>
            <StatusTag t={t} user={user} />
          </dd>
        </dl>
      </Card>
      {user.locked && (
        <Card title={t('admin.unlockTitle')} id="unlock">
          <p>{t('admin.unlockExplain')}</p>
          <PostForm ctx={ctx} action={`${base}/unlock`}>
            <Button kind="primary">{t('admin.unlock')}</Button>
          </PostForm>
        </Card>
      )}
      <Card title={t('admin.resetPasswordTitle')} id="password">
        <PostForm ctx={ctx} action={`${base}/password`}>
          <Field
            ctx={ctx}
            label={t('admin.newPassword')}
            hint={t(ctx.mailEnabled ? 'admin.resetPasswordHintMail' : 'admin.resetPasswordHint', {
              minLength: props.minLength,
            })}
            name="password"
            id="reset-password"
            type="password"
            autocomplete="new-password"
            required={false}
            error={errorFor(messages, 'reset-password')}
          />
          <Checkbox
            id="reset-password-lasting"
            name="lasting"
            label={t('admin.resetPasswordLasting')}
            hint={t('admin.resetPasswordLastingHint')}
            checked={false}
          />
          <Button>{t('admin.resetPassword')}</Button>
        </PostForm>
      </Card>
      {props.passkeys.length > 0 && (
        <Card title={t('passkeys.title')} id="passkeys">
          <PasskeyTable
            ctx={ctx}
            passkeys={props.passkeys}
            caption={t('passkeys.adminCaption', { username: user.username })}
            href={`${base}/passkeys`}
            rename={false}
          />
        </Card>
      )}
      {(user.twoFactorEnabled || props.passkeys.length > 0) && (
        <Card title={t('admin.resetTwoFactorTitle')} id="reset-tf" tone="danger">
          <p>{t('admin.resetTwoFactorExplain')}</p>
          <ButtonLink href={`${base}/two-factor/reset`} kind="danger">
            {t('admin.resetTwoFactor')}
          </ButtonLink>
        </Card>
      )}
      <UserManagementCards ctx={ctx} user={user} sessions={props.sessions} messages={messages} />
      <p>
        <a href="/admin/users">{t('common.back')}</a>
      </p>
    </Page>
  );
}

/** The confirmation step of resetting a user's two-factor authentication. */
export function AdminResetTwoFactorPage(props: { ctx: PageContext; username: string }) {
  const { ctx, username } = props;
  const { t } = ctx;
  const base = userPath(username);
  return (
    <Page ctx={ctx} title={t('admin.resetTwoFactorTitle')}>
      <ConfirmStep
        ctx={ctx}
        title={t('admin.resetConfirm.question', { username })}
        consequences={[
          t('admin.resetConfirm.key', { username }),
          t('admin.resetConfirm.codes'),
          t('admin.resetConfirm.sessions'),
          t('admin.resetConfirm.next'),
        ]}
        action={`${base}/two-factor/reset`}
        confirmLabel={t('admin.resetTwoFactor')}
        cancelHref={base}
      />
    </Page>
  );
}
