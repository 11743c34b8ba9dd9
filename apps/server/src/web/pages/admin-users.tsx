import type { Translate } from '../../i18n/index.js';
import { Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/** One row of the administrator's users list. */
export interface UserRow {
  username: string;
  role: 'admin' | 'user';
  twoFactorEnabled: boolean;
  locked: boolean;
}

/** Translated role name. */
export function roleLabel(t: Translate, role: UserRow['role']): string {
  return role === 'admin' ? t('admin.role.admin') : t('admin.role.user');
}

/** The users list with each user's 2FA status, and the form to create a user. */
export function AdminUsersPage(props: {
  ctx: PageContext;
  users: readonly UserRow[];
  messages?: PageMessages;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.usersTitle')} messages={props.messages}>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">{t('admin.col.username')}</th>
            <th scope="col">{t('admin.col.role')}</th>
            <th scope="col">{t('admin.col.twoFactor')}</th>
            <th scope="col">{t('admin.col.locked')}</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr key={user.username}>
              <th scope="row">
                <a href={`/admin/users/${encodeURIComponent(user.username)}`}>{user.username}</a>
              </th>
              <td>{roleLabel(t, user.role)}</td>
              <td>{user.twoFactorEnabled ? t('admin.tf.on') : t('admin.tf.off')}</td>
              <td>{user.locked ? t('admin.locked.yes') : t('admin.locked.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="create-title" class="card">
        <h2 id="create-title">{t('admin.createTitle')}</h2>
        <PostForm ctx={ctx} action="/admin/users">
          <Field
            ctx={ctx}
            label={t('common.username')}
            name="username"
            id="new-username"
            autocomplete="off"
          />
          <Field
            ctx={ctx}
            label={t('admin.createPassword')}
            name="password"
            id="new-password"
            type="password"
            autocomplete="new-password"
          />
          <p class="field">
            <label for="new-role">{t('admin.role')}</label>
            <select id="new-role" name="role">
              <option value="user">{t('admin.role.user')}</option>
              <option value="admin">{t('admin.role.admin')}</option>
            </select>
          </p>
          <button type="submit" class="primary">
            {t('admin.create')}
          </button>
        </PostForm>
      </section>
    </Page>
  );
}

/** One user: reset password, reset 2FA, unlock. */
export function AdminUserPage(props: { ctx: PageContext; user: UserRow; messages?: PageMessages }) {
  const { ctx, user } = props;
  const { t } = ctx;
  const base = `/admin/users/${encodeURIComponent(user.username)}`;
  return (
    <Page ctx={ctx} title={t('admin.userTitle', { username: user.username })} messages={props.messages}>
      <dl class="facts">
        <dt>{t('admin.col.role')}</dt>
        <dd>{roleLabel(t, user.role)}</dd>
        <dt>{t('admin.col.twoFactor')}</dt>
        <dd>{user.twoFactorEnabled ? t('admin.tf.on') : t('admin.tf.off')}</dd>
        <dt>{t('admin.col.locked')}</dt>
        <dd>{user.locked ? t('admin.locked.yes') : t('admin.locked.no')}</dd>
      </dl>
      <section aria-labelledby="password-title" class="card">
        <h2 id="password-title">{t('admin.resetPasswordTitle')}</h2>
        <PostForm ctx={ctx} action={`${base}/password`}>
          <Field
            ctx={ctx}
            label={t('admin.newPassword')}
            name="password"
            id="reset-password"
            type="password"
            autocomplete="new-password"
          />
          <button type="submit">{t('admin.resetPassword')}</button>
        </PostForm>
      </section>
      <section aria-labelledby="reset-tf-title" class="card">
        <h2 id="reset-tf-title">{t('admin.resetTwoFactorTitle')}</h2>
        <p>{t('admin.resetTwoFactorExplain')}</p>
        <PostForm ctx={ctx} action={`${base}/two-factor/reset`}>
          <button type="submit" class="danger">
            {t('admin.resetTwoFactor')}
          </button>
        </PostForm>
      </section>
      <section aria-labelledby="unlock-title" class="card">
        <h2 id="unlock-title">{t('admin.unlockTitle')}</h2>
        <p>{t('admin.unlockExplain')}</p>
        <PostForm ctx={ctx} action={`${base}/unlock`}>
          <button type="submit">{t('admin.unlock')}</button>
        </PostForm>
      </section>
      <p class="links">
        <a href="/admin/users">{t('common.back')}</a>
      </p>
    </Page>
  );
}
