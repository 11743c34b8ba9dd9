import type { PasskeyInfo } from '../../services/passkeys/manage.js';
import { Actions, Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Notice } from '../components/notice.js';
import { Page } from '../components/page.js';
import { PasskeyForm } from '../components/passkey-form.js';
import { Table } from '../components/table.js';
import { LocalTime } from '../components/time.js';
import type { PageContext } from '../context.js';
import { ENROLL_PATH, PASSKEYS_PATH } from '../paths.js';

/** Where the passkeys of the signed-in person are listed, added, renamed and removed. */

/** The address of the proof step that brings the person back here. */
export const PASSKEYS_REAUTH = `/account/confirm?next=${encodeURIComponent(PASSKEYS_PATH)}`;

/**
 * Account settings → Passkeys and security keys: the list (name, added, last used) with rename and
 * remove, and the form that opens the browser's dialog to add one. `required` when an administrator
 * must add one before going on.
 */
export function PasskeysPage(props: {
  ctx: PageContext;
  passkeys: readonly PasskeyInfo[];
  required: boolean;
  /** Made to register a second factor before anything else: a passkey instead of an app. */
  enrolling?: boolean;
  name?: string | undefined;
  messages?: PageMessages | undefined;
}) {
  const { ctx, passkeys, messages } = props;
  const { t } = ctx;
  return (
    <Page
      ctx={ctx}
      title={t('passkeys.title')}
      messages={messages}
      passkeys
      bare={props.required || props.enrolling}
    >
      <p class="lead">{t('passkeys.explain')}</p>
      {props.required && <Notice kind="warning">{t('passkeys.requiredAdmin')}</Notice>}
      {props.enrolling && (
        <Notice kind="info">
          <p>
            {t('passkeys.requiredEnrollment')} <a href={ENROLL_PATH}>{t('passkeys.useAppInstead')}</a>
          </p>
        </Notice>
      )}
      {passkeys.length === 0 ? (
        <p>{t('passkeys.empty')}</p>
      ) : (
        <PasskeyTable ctx={ctx} passkeys={passkeys} caption={t('passkeys.caption')} href={PASSKEYS_PATH} />
      )}
      <Card title={t('passkeys.addTitle')} id="add-passkey">
        <p>{t('passkeys.addExplain')}</p>
        <noscript>
          <p>{t('passkeys.needsScript')}</p>
        </noscript>
        <PasskeyForm
          ctx={ctx}
          action={PASSKEYS_PATH}
          ceremony="register"
          label={t('passkeys.add')}
          kind="primary"
          reauthenticate={PASSKEYS_REAUTH}
        >
          <Field
            ctx={ctx}
            label={t('passkeys.name')}
            hint={t('passkeys.nameHint')}
            name="name"
            id="passkey-name"
            autocomplete="off"
            value={props.name}
            error={errorFor(messages, 'passkey-name')}
          />
        </PasskeyForm>
      </Card>
    </Page>
  );
}

/**
 * A person's passkeys as a table; each row links to its rename and remove steps under `href`
 * (the person's own page, or the administrator's page of that user, without rename).
 */
export function PasskeyTable(props: {
  ctx: PageContext;
  passkeys: readonly PasskeyInfo[];
  caption: string;
  href: string;
  rename?: boolean;
}) {
  const { ctx, passkeys, href } = props;
  const { t } = ctx;
  const head = [
    t('passkeys.col.name'),
    t('passkeys.col.added'),
    t('passkeys.col.lastUsed'),
    t('passkeys.col.actions'),
  ];
  return (
    <Table caption={props.caption} head={head}>
      {passkeys.map((passkey) => (
        <tr key={passkey.id}>
          <th scope="row">
            {passkey.name}
            {passkey.synced && <span class="tag">{t('passkeys.synced')}</span>}
          </th>
          <td>
            <LocalTime ctx={ctx} at={passkey.createdAt} />
          </td>
          <td>
            {passkey.lastUsedAt === null ? (
              t('passkeys.never')
            ) : (
              <LocalTime ctx={ctx} at={passkey.lastUsedAt} />
            )}
          </td>
          <td>
            <Actions>
              {props.rename !== false && (
                <a
                  href={`${href}/${passkey.id}/rename`}
                  aria-label={t('passkeys.renameLabel', { name: passkey.name })}
                >
                  {t('passkeys.rename')}
                </a>
              )}
              <a
                href={`${href}/${passkey.id}/remove`}
                aria-label={t('passkeys.removeLabel', { name: passkey.name })}
              >
                {t('passkeys.remove')}
              </a>
            </Actions>
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Renaming one passkey: its name in a field. */
export function RenamePasskeyPage(props: {
  ctx: PageContext;
  passkey: PasskeyInfo;
  name?: string | undefined;
  messages?: PageMessages | undefined;
}) {
  const { ctx, passkey, messages } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('passkeys.renameTitle')} messages={messages} width="narrow">
      <Card>
        <PostForm ctx={ctx} action={`${PASSKEYS_PATH}/${passkey.id}/rename`}>
          <Field
            ctx={ctx}
            label={t('passkeys.name')}
            hint={t('passkeys.nameHint')}
            name="name"
            id="passkey-name"
            autocomplete="off"
            value={props.name ?? passkey.name}
            error={errorFor(messages, 'passkey-name')}
            autofocus
          />
          <Actions>
            <Button kind="primary">{t('passkeys.rename')}</Button>
            <a href={PASSKEYS_PATH}>{t('common.cancel')}</a>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}
