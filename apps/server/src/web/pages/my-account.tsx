import type { Profile } from '../../services/profile.js';
import type { SessionInfo } from '../../services/session-list.js';
import { Actions, Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { CodeField, Field } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Notice } from '../components/notice.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';
import { SessionTable } from './session-table.js';

/**
 * Changing one's own password: the current one, the new one, and a code unless the sign-in was a
 * moment ago. `forced` when the sign-in was with a one-time password (nothing else until it is done).
 */
export function PasswordPage(props: {
  ctx: PageContext;
  /** What proves the person beside the current password: a code when they have an authenticator app
   * (not needed for a moment after signing in); with passkeys only, the confirm step when it is due. */
  askCode: boolean;
  forced: boolean;
  /** The password policy's minimum length, told before the person types. */
  minLength: number;
  messages?: PageMessages | undefined;
}) {
  const { ctx, messages } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('account.passwordTitle')} messages={messages} width="narrow">
      {props.forced && (
        <Notice kind="info">
          <p>{t('account.mustChangePassword')}</p>
        </Notice>
      )}
      <Card>
        <PostForm ctx={ctx} action="/account/password">
          <Field
            ctx={ctx}
            label={t('account.currentPassword')}
            name="currentPassword"
            id="current-password"
            type="password"
            autocomplete="current-password"
            error={errorFor(messages, 'current-password')}
          />
          <Field
            ctx={ctx}
            label={t('account.newPassword')}
            hint={t('account.newPasswordHint', { minLength: props.minLength })}
            name="newPassword"
            id="new-password"
            type="password"
            autocomplete="new-password"
            error={errorFor(messages, 'new-password')}
          />
          {props.askCode && (
            <ProofCode
              ctx={ctx}
              id="password-code"
              hint={t('account.passwordCodeHint')}
              messages={messages}
            />
          )}
          <Actions>
            <Button kind="primary">{t('account.changePassword')}</Button>
            {!props.forced && <a href="/account">{t('common.cancel')}</a>}
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

/** One's display name and email address (a new address needs the re-authentication rule's proof). */
export function ProfilePage(props: {
  ctx: PageContext;
  profile: Profile;
  /** The proof of an email change: a code (an authenticator app), the password (no second factor),
   * or none on the form (passkeys only: the confirm step when it is due). */
  proof: 'code' | 'password' | 'confirm';
  messages?: PageMessages | undefined;
}) {
  const { ctx, profile, messages } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('account.profileTitle')} messages={messages} width="narrow">
      <Card>
        <PostForm ctx={ctx} action="/account/profile">
          <Field
            ctx={ctx}
            label={t('account.displayName')}
            hint={t('account.displayNameHint')}
            name="displayName"
            id="display-name"
            autocomplete="name"
            value={profile.displayName ?? ''}
            required={false}
            error={errorFor(messages, 'display-name')}
          />
          <Field
            ctx={ctx}
            label={t('account.email')}
            hint={t('account.emailHint')}
            name="email"
            id="email"
            autocomplete="email"
            value={profile.email ?? ''}
            required={false}
            error={errorFor(messages, 'email')}
          />
          {props.proof === 'code' && (
            <ProofCode ctx={ctx} id="profile-code" hint={t('account.proofCodeHint')} messages={messages} />
          )}
          {props.proof === 'password' && (
            <Field
              ctx={ctx}
              label={t('account.proofPassword')}
              hint={t('account.proofPasswordHint')}
              name="password"
              id="profile-password"
              type="password"
              autocomplete="current-password"
              required={false}
              error={errorFor(messages, 'profile-password')}
            />
          )}
          <Actions>
            <Button kind="primary">{t('account.save')}</Button>
            <a href="/account">{t('common.cancel')}</a>
          </Actions>
        </PostForm>
      </Card>
    </Page>
  );
}

/** One's signed-in browsers, each with "sign out", and "sign out everywhere else". */
export function SessionsPage(props: {
  ctx: PageContext;
  sessions: readonly SessionInfo[];
  messages?: PageMessages | undefined;
}) {
  const { ctx, sessions, messages } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('sessions.title')} messages={messages} width="wide">
      <p>{t('sessions.explain')}</p>
      <SessionTable
        ctx={ctx}
        caption={t('sessions.title')}
        sessions={sessions}
        endAction="/account/sessions/end"
        endLabel={t('sessions.signOut')}
      />
      {sessions.some((session) => !session.current) && (
        <PostForm ctx={ctx} action="/account/sessions/end-others">
          <Button kind="danger">{t('sessions.signOutOthers')}</Button>
        </PostForm>
      )}
      <p>
        <a href="/account">{t('common.back')}</a>
      </p>
    </Page>
  );
}

/** A code beside a change that may need one: the server decides whether it does; the page does not insist. */
function ProofCode(props: {
  ctx: PageContext;
  id: string;
  hint: string;
  messages: PageMessages | undefined;
}) {
  return (
    <>
      <CodeField ctx={props.ctx} id={props.id} required={false} error={errorFor(props.messages, props.id)} />
      <p class="hint">{props.hint}</p>
    </>
  );
}
