import type { SessionInfo } from '../../services/session-list.js';
import type { CSVLineError, ImportedUser } from '../../services/user-csv.js';
import { Actions, Button, ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { ConfirmStep } from '../components/confirm.js';
import { Field, SelectField, TextArea } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Notice } from '../components/notice.js';
import { Page } from '../components/page.js';
import { Table } from '../components/table.js';
import type { PageContext } from '../context.js';
import { type UserRow, userPath } from './admin-users.js';
import { SessionTable } from './session-table.js';

/** The administrator's cards about one user: details and role, sessions, disabling, deleting. */
export function UserManagementCards(props: {
  ctx: PageContext;
  user: UserRow;
  sessions: readonly SessionInfo[];
  messages?: PageMessages | undefined;
}) {
  const { ctx, user, messages } = props;
  const { t } = ctx;
  const base = userPath(user.username);
  return (
    <>
      <Card title={t('admin.detailsTitle')} id="details">
        <PostForm ctx={ctx} action={`${base}/details`}>
          <Field
            ctx={ctx}
            label={t('account.displayName')}
            name="displayName"
            id="display-name"
            value={user.displayName ?? ''}
            required={false}
            error={errorFor(messages, 'display-name')}
          />
          <Field
            ctx={ctx}
            label={t('account.email')}
            name="email"
            id="email"
            value={user.email ?? ''}
            required={false}
            error={errorFor(messages, 'email')}
          />
          <SelectField
            ctx={ctx}
            label={t('admin.role')}
            name="role"
            id="role"
            value={user.role}
            options={[
              { value: 'user', label: t('admin.role.user') },
              { value: 'admin', label: t('admin.role.admin') },
            ]}
          />
          <Button>{t('admin.saveDetails')}</Button>
        </PostForm>
      </Card>
      <Card title={t('admin.sessionsTitle')} id="sessions">
        <SessionTable
          ctx={ctx}
          caption={t('admin.sessionsTitle')}
          sessions={props.sessions}
          endAction={`${base}/sessions/end`}
          endLabel={t('admin.endSession')}
        />
        {props.sessions.length > 1 && (
          <PostForm ctx={ctx} action={`${base}/sessions/end`}>
            <Button>{t('admin.endAllSessions')}</Button>
          </PostForm>
        )}
      </Card>
      {user.disabled ? (
        <Card title={t('admin.enableTitle')} id="enable">
          <p>{t('admin.enableExplain')}</p>
          <PostForm ctx={ctx} action={`${base}/enable`}>
            <Button kind="primary">{t('admin.enable')}</Button>
          </PostForm>
        </Card>
      ) : (
        <Card title={t('admin.disableTitle')} id="disable" tone="danger">
          <p>{t('admin.disableExplain')}</p>
          <PostForm ctx={ctx} action={`${base}/disable`}>
            <Button kind="danger">{t('admin.disable')}</Button>
          </PostForm>
        </Card>
      )}
      <Card title={t('admin.deleteTitle')} id="delete" tone="danger">
        <p>{t('admin.deleteExplain')}</p>
        <ButtonLink href={`${base}/delete`} kind="danger">
          {t('admin.delete')}
        </ButtonLink>
      </Card>
    </>
  );
}

/** The confirmation step of deleting a user. */
export function AdminDeleteUserPage(props: { ctx: PageContext; username: string; messages?: PageMessages }) {
  const { ctx, username } = props;
  const { t } = ctx;
  const base = userPath(username);
  return (
    <Page ctx={ctx} title={t('admin.deleteTitle')} messages={props.messages}>
      <ConfirmStep
        ctx={ctx}
        title={t('admin.deleteConfirm.question', { username })}
        consequences={[
          t('admin.deleteConfirm.gone'),
          t('admin.deleteConfirm.sessions'),
          t('admin.deleteConfirm.audit'),
        ]}
        action={`${base}/delete`}
        confirmLabel={t('admin.delete')}
        cancelHref={base}
      />
    </Page>
  );
}

/** Importing users from CSV: the form, the refused lines, or the created users and their passwords. */
export function AdminImportPage(props: {
  ctx: PageContext;
  csv?: string | undefined;
  lineErrors?: readonly CSVLineError[] | undefined;
  imported?: readonly ImportedUser[] | undefined;
  messages?: PageMessages | undefined;
}) {
  const { ctx, imported } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.importTitle')} messages={props.messages} width="wide">
      {imported ? (
        <>
          <Notice kind="success">
            <p>{t('admin.imported', { count: imported.length })}</p>
          </Notice>
          <Table
            caption={t('admin.importTitle')}
            captionHidden
            head={[t('admin.col.username'), t('admin.col.oneTimePassword')]}
          >
            {imported.map((user) => (
              <tr key={user.username}>
                <th scope="row">{user.username}</th>
                <td>{user.oneTimePassword ? <code>{user.oneTimePassword}</code> : t('admin.linkMailed')}</td>
              </tr>
            ))}
          </Table>
        </>
      ) : (
        <Card>
          {props.lineErrors && props.lineErrors.length > 0 && (
            <Notice kind="error">
              <p>{t('admin.importErrors')}</p>
              <ul>
                {props.lineErrors.map((error) => (
                  <li key={`${error.line}-${error.code}`}>
                    {t('admin.importLine', { line: error.line, message: error.message })}
                  </li>
                ))}
              </ul>
            </Notice>
          )}
          <p>{t('admin.importExplain')}</p>
          <PostForm ctx={ctx} action="/admin/users/import">
            <TextArea
              ctx={ctx}
              label={t('admin.importLabel')}
              name="csv"
              id="csv"
              value={props.csv}
              rows={12}
            />
            <Actions>
              <Button kind="primary">{t('admin.import')}</Button>
              <a href="/admin/users">{t('common.cancel')}</a>
            </Actions>
          </PostForm>
        </Card>
      )}
      <p>
        <a href="/admin/users">{t('common.back')}</a>
      </p>
    </Page>
  );
}
