import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { passwordLinkURL } from '../../api/password-reset.js';
import type { ErrorCode } from '../../errors.js';
import { AppError } from '../../errors.js';
import { actorOf, renewSessionCookie } from '../../http/session-cookie.js';
import type { PlainKey, Translate } from '../../i18n/index.js';
import {
  getUserSummary,
  resetUserTwoFactor,
  searchUsers,
  type UserSummary,
  unlockUser,
} from '../../services/admin.js';
import { addUser, type NewUser, resetUserPassword } from '../../services/new-users.js';
import { listPasskeys } from '../../services/passkeys/index.js';
import { currentPasswordMinLength } from '../../services/password-policy.js';
import { getSettings, updateSettings, usersLosingSecondFactor } from '../../services/settings.js';
import { endUserSession, setUserDisabled, updateUser, userSessions } from '../../services/user-admin.js';
import { getUser } from '../../services/users.js';
import { CONFIRM_FIELD } from '../components/confirm.js';
import { errorText, formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { AdminSettingsPage } from '../pages/admin-settings.js';
import {
  AdminResetTwoFactorPage,
  AdminUserPage,
  AdminUsersPage,
  type UserRow,
} from '../pages/admin-users.js';
import { sendPage } from '../render.js';

type UserRoute = { Params: { username: string }; Querystring: { notice?: string } };
type UsersRoute = { Querystring: { q?: string; page?: string; notice?: string } };

export const toRow = (user: UserSummary): UserRow => ({
  username: user.username,
  displayName: user.displayName,
  email: user.email,
  role: user.role,
  twoFactorEnabled: user.twoFactor.enabled,
  locked: user.locked,
  disabled: user.disabled,
  mustChangePassword: user.mustChangePassword,
});

/** Confirmations on a user's page, all about that user. */
const USER_NOTICES = {
  created: (t: Translate, username: string) => t('admin.created', { username }),
  'created-mailed': (t: Translate, username: string) => t('admin.createdMailed', { username }),
  'password-reset': (t: Translate, username: string) => t('admin.passwordReset', { username }),
  'password-reset-mailed': (t: Translate, username: string) => t('admin.passwordResetMailed', { username }),
  'password-reset-lasting': (t: Translate, username: string) => t('admin.passwordResetLasting', { username }),
  'two-factor-reset': (t: Translate, username: string) => t('admin.twoFactorReset', { username }),
  unlocked: (t: Translate, username: string) => t('admin.unlocked', { username }),
  'passkey-removed': (t: Translate, username: string) => t('passkeys.adminRemoved', { username }),
  'details-saved': (t: Translate, username: string) => t('admin.detailsSaved', { username }),
  disabled: (t: Translate, username: string) => t('admin.disabledNotice', { username }),
  enabled: (t: Translate, username: string) => t('admin.enabledNotice', { username }),
  'sessions-ended': (t: Translate, username: string) => t('admin.sessionsEnded', { username }),
} as const;
export type UserNotice = keyof typeof USER_NOTICES;

/** Errors of the reset form shown beside its password field. */
const RESET_PASSWORD_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'WEAK_PASSWORD',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_REQUIRED',
]);

/** The administrator console: users, one user's actions, settings, audit log. */
export function registerAdmin(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  async function usersPage(
    request: FastifyRequest<UsersRoute>,
    reply: FastifyReply,
    error?: AppError,
    created?: NewUser,
  ) {
    const page = await pageContext(request, reply, '/admin/users');
    const query = typeof request.query?.q === 'string' ? request.query.q : '';
    const number = /^\d{1,6}$/.test(request.query?.page ?? '') ? Number(request.query.page) : 1;
    const found = await searchUsers(ctx, { query, page: number });
    const notice = created?.oneTimePassword
      ? page.t('admin.createdOneTime', { username: created.username, password: created.oneTimePassword })
      : noticeKey(request.query?.notice) && page.t(noticeKey(request.query?.notice) as PlainKey);
    const messages = error ? formError(page.t, error, createField) : { notice };
    const { username, role, email } = error ? formFields(request) : {};
    return sendPage(
      reply,
      AdminUsersPage({
        ctx: page,
        users: found.users.map(toRow),
        paging: { query, page: found.page, pageSize: found.pageSize, total: found.total },
        messages,
        draft: { username, role, email },
        minLength: await currentPasswordMinLength(ctx),
      }),
      error?.status,
    );
  }

  async function userPage(
    request: FastifyRequest<UserRoute>,
    reply: FastifyReply,
    notice?: UserNotice | { oneTimePassword: string },
    error?: AppError,
  ) {
    const path = userPath(request);
    const page = await pageContext(request, reply, path);
    const user = await getUserSummary(ctx, request.params.username);
    const sessions = await userSessions(ctx, user.username);
    const messages = {
      notice:
        typeof notice === 'object'
          ? page.t('admin.passwordResetOneTime', {
              username: user.username,
              password: notice.oneTimePassword,
            })
          : notice && USER_NOTICES[notice](page.t, user.username),
      ...(error &&
        formError(page.t, error, (code) => (RESET_PASSWORD_ERRORS.has(code) ? 'reset-password' : undefined))),
    };
    const passkeys = await listPasskeys(ctx, (await getUser(ctx, user.username)).id);
    return sendPage(
      reply,
      AdminUserPage({
        ctx: page,
        user: toRow(user),
        passkeys,
        sessions,
        minLength: await currentPasswordMinLength(ctx),
        messages,
      }),
      error?.status,
    );
  }

  /** A per-user action: redirect to the user's page with a notice, or show it with the error. */
  function userAction(
    notice: UserNotice,
    action: (request: FastifyRequest<UserRoute>, reply: FastifyReply) => Promise<void>,
  ) {
    return async (request: FastifyRequest<UserRoute>, reply: FastifyReply) => {
      try {
        await action(request, reply);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'USER_NOT_FOUND') throw error;
        // Not signed in recently enough for this change: confirm it is the administrator, then back here.
        if (error.code === 'REAUTHENTICATION_REQUIRED')
          return reply.redirect(`/account/confirm?next=${encodeURIComponent(userPath(request))}`, 303);
        return userPage(request, reply, undefined, error);
      }
      return reply.redirect(`${userPath(request)}?notice=${notice}`, 303);
    };
  }

  app.post<UserRoute>(
    '/admin/users/:username/details',
    admin,
    userAction('details-saved', async (request, reply) => {
      const { role, displayName, email, code, password } = formFields(request);
      const asking = {
        session: pageSession(request),
        proof: { code, password },
        actor: actorOf(request),
        onRenewed: renewSessionCookie(request, reply),
      };
      await updateUser(ctx, asking, request.params.username, { role, displayName, email });
    }),
  );
  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<UserRoute>(
      `/admin/users/:username/${path}`,
      admin,
      userAction(disabled ? 'disabled' : 'enabled', async (request, reply) => {
        const asking = {
          session: pageSession(request),
          actor: actorOf(request),
          onRenewed: renewSessionCookie(request, reply),
        };
        await setUserDisabled(ctx, asking, request.params.username, disabled);
      }),
    );
  }
  app.post<UserRoute>(
    '/admin/users/:username/sessions/end',
    admin,
    userAction('sessions-ended', async (request) => {
      const { session } = formFields(request);
      await endUserSession(ctx, actorOf(request), request.params.username, session || undefined);
    }),
  );

  app.get('/admin', admin, async (_request, reply) => reply.redirect('/admin/users', 303));
  app.get<UsersRoute>('/admin/users', admin, async (request, reply) => usersPage(request, reply));

  app.post<UsersRoute>('/admin/users', admin, async (request, reply) => {
    const { username, password, role, email } = formFields(request);
    try {
      const user = await addUser(
        ctx,
        { username, password, role, email },
        actorOf(request),
        passwordLinkURL(app),
      );
      // A made-up password is shown once, on this answer only: never in an address or a later page.
      if (user.oneTimePassword) return usersPage(request, reply, undefined, user);
      const notice = user.linkMailed ? 'created-mailed' : 'created';
      return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?notice=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return usersPage(request, reply, error);
    }
  });

  app.get<UserRoute>('/admin/users/:username', admin, async (request, reply) => {
    const notice = request.query.notice;
    return userPage(
      request,
      reply,
      notice && Object.hasOwn(USER_NOTICES, notice) ? (notice as UserNotice) : undefined,
    );
  });

  app.post<UserRoute>('/admin/users/:username/password', admin, async (request, reply) => {
    const { password, lasting } = formFields(request);
    // One-time unless the administrator ticks the box (a checkbox is sent only when ticked).
    const input = { username: request.params.username, password, temporary: lasting === undefined };
    try {
      const given = await resetUserPassword(ctx, input, actorOf(request), passwordLinkURL(app));
      // A made-up password is shown once, on this answer only: never in an address or a later page.
      if (given.oneTimePassword) return userPage(request, reply, { oneTimePassword: given.oneTimePassword });
      const notice = given.linkMailed
        ? 'password-reset-mailed'
        : input.temporary
          ? 'password-reset'
          : 'password-reset-lasting';
      return reply.redirect(`${userPath(request)}?notice=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'USER_NOT_FOUND') throw error;
      return userPage(request, reply, undefined, error);
    }
  });
  // Resetting 2FA cannot be undone: a confirmation step says what will happen, and only its form
  // (carrying confirm=yes) acts.
  async function resetConfirmation(request: FastifyRequest<UserRoute>, reply: FastifyReply) {
    const path = `${userPath(request)}/two-factor/reset`;
    const page = await pageContext(request, reply, path);
    const user = await getUserSummary(ctx, request.params.username);
    return sendPage(reply, AdminResetTwoFactorPage({ ctx: page, username: user.username }));
  }
  const resetTwoFactor = userAction('two-factor-reset', (request) =>
    resetUserTwoFactor(ctx, request.params.username, actorOf(request)),
  );
  app.get<UserRoute>('/admin/users/:username/two-factor/reset', admin, resetConfirmation);
  app.post<UserRoute>('/admin/users/:username/two-factor/reset', admin, async (request, reply) =>
    formFields(request)[CONFIRM_FIELD] === 'yes'
      ? resetTwoFactor(request, reply)
      : resetConfirmation(request, reply),
  );
  app.post<UserRoute>(
    '/admin/users/:username/unlock',
    admin,
    userAction('unlocked', (request) => unlockUser(ctx, request.params.username, actorOf(request))),
  );

  app.get<{ Querystring: { notice?: string } }>('/admin/settings', admin, async (request, reply) => {
    const page = await pageContext(request, reply);
    const notice: PlainKey | undefined = noticeKey(request.query.notice);
    const settings = await getSettings(ctx);
    return sendPage(
      reply,
      AdminSettingsPage({ ctx: page, settings, messages: { notice: notice && page.t(notice) } }),
    );
  });

  app.post('/admin/settings', admin, async (request, reply) => {
    const fields = formFields(request);
    try {
      const input = settingsFromForm(fields);
      const usersWithTwoFactor = await usersLosingSecondFactor(ctx, input);
      if (usersWithTwoFactor > 0 && fields.confirm !== 'yes') {
        // Say what "off" does to the users who have two-factor on before anything is saved.
        const page = await pageContext(request, reply, '/admin/settings');
        const settings = await getSettings(ctx);
        const { _csrf: _, _submission: __, ...carried } = fields;
        const confirmOff = { count: usersWithTwoFactor, fields: carried };
        return sendPage(reply, AdminSettingsPage({ ctx: page, settings, confirmOff }));
      }
      await updateSettings(ctx, input, actorOf(request));
      return reply.redirect('/admin/settings?notice=saved', 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = await pageContext(request, reply, '/admin/settings');
      const settings = await getSettings(ctx);
      const messages = { error: errorText(page.t, error) };
      return sendPage(reply, AdminSettingsPage({ ctx: page, settings, messages }), error.status);
    }
  });
}

/** The administrator's page of the user a route names. */
function userPath(request: FastifyRequest<UserRoute>): string {
  return `/admin/users/${encodeURIComponent(request.params.username)}`;
}

/** Where an error of the create-user form belongs. */
function createField(code: ErrorCode): string | undefined {
  if (code === 'INVALID_USERNAME' || code === 'USER_EXISTS' || code === 'USERNAME_CONFUSABLE')
    return 'new-username';
  if (code === 'WEAK_PASSWORD' || code === 'PASSWORD_TOO_COMMON') return 'new-password';
  if (code === 'INVALID_EMAIL' || code === 'EMAIL_EXISTS') return 'new-email';
  return undefined;
}

/** The settings form → the settings service's input (which validates every value). */
export function settingsFromForm(fields: Record<string, string>): unknown {
  const whole = (text: string | undefined) =>
    text && /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  const untilUnlocked = fields.untilUnlocked !== undefined;
  const minLength = fields.passwordMinLength?.trim();
  return {
    twoFactor: fields.twoFactor,
    lockout: {
      maxFailures: whole(fields.maxFailures),
      lockSeconds: untilUnlocked ? null : whole(fields.lockMinutes) * 60,
    },
    // Empty = the recommended default; a form without the field leaves it as it is.
    ...(minLength === undefined ? {} : { passwordMinLength: minLength === '' ? null : whole(minLength) }),
    ...(fields.passkeySettings === undefined
      ? {}
      : { passkeySignIn: fields.passkeySignIn === '1', adminsNeedPasskey: fields.adminsNeedPasskey === '1' }),
  };
}
