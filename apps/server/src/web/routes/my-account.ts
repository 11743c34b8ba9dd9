import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../errors.js';
import { AppError } from '../../errors.js';
import { takeReturnTarget } from '../../http/return-to.js';
import { actorOf, renewSessionCookie, sessionToken, setSessionCookie } from '../../http/session-cookie.js';
import {
  changePassword,
  endMyOtherSessions,
  endMySession,
  getProfile,
  mySessions,
  updateProfile,
} from '../../services/my-account.js';
import { currentPasswordMinLength } from '../../services/password-policy.js';
import {
  provesOnConfirmPage,
  type SecondFactors,
  type SensitiveRequest,
  secondFactors,
} from '../../services/reauth.js';
import type { PageMessages } from '../components/messages.js';
import { formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { PasswordPage, ProfilePage, SessionsPage } from '../pages/my-account.js';
import { sendPage } from '../render.js';

const PASSWORD_PATH = '/account/password';
const PROFILE_PATH = '/account/profile';
const SESSIONS_PATH = '/account/sessions';

/** One's own password, details and signed-in browsers. */
export function registerMyAccount(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const signedIn = guarded('signed-in');
  // The session, the proof typed into the form (a code, or the password), who acts.
  // A proof renews the session's token: the response sets the new cookie.
  const sensitive = (request: FastifyRequest, reply: FastifyReply): SensitiveRequest => {
    const { code, password } = formFields(request);
    return {
      session: pageSession(request),
      proof: { code, password },
      actor: actorOf(request),
      onRenewed: renewSessionCookie(request, reply),
    };
  };
  const factors = (request: FastifyRequest) => secondFactors(ctx, pageSession(request).userId);

  async function passwordPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages?: PageMessages,
    status = 200,
  ) {
    const page = await pageContext(request, reply, PASSWORD_PATH);
    const forced = pageSession(request).stage === 'password_change';
    return sendPage(
      reply,
      PasswordPage({
        ctx: page,
        askCode: (await factors(request)).totp !== undefined,
        forced,
        minLength: await currentPasswordMinLength(ctx),
        messages,
      }),
      status,
    );
  }

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages?: PageMessages,
    status = 200,
  ) {
    const page = await pageContext(request, reply, PROFILE_PATH);
    const fields = status === 200 ? undefined : formFields(request);
    const saved = await getProfile(ctx, pageSession(request).userId);
    const profile = fields ? { displayName: fields.displayName ?? null, email: fields.email ?? null } : saved;
    return sendPage(
      reply,
      ProfilePage({ ctx: page, profile, proof: profileProof(await factors(request)), messages }),
      status,
    );
  }

  async function sessionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages: PageMessages = {},
    status = 200,
  ) {
    const page = await pageContext(request, reply, SESSIONS_PATH);
    const notice = noticeKey((request.query as { notice?: unknown } | undefined)?.notice);
    const sessions = await mySessions(ctx, pageSession(request));
    return sendPage(
      reply,
      SessionsPage({ ctx: page, sessions, messages: { notice: notice && page.t(notice), ...messages } }),
      status,
    );
  }

  /**
   * Whether a change refused for want of a fresh proof goes through the confirm step: always for the
   * sessions page (its forms have no proof field), and for a person whose only second factors are
   * passkeys (the forms ask for a code). Not while a one-time password is being replaced: that
   * session may see nothing else.
   */
  async function confirmFirst(request: FastifyRequest, path: string): Promise<boolean> {
    if (path === SESSIONS_PATH) return true;
    if (pageSession(request).stage === 'password_change') return false;
    return provesOnConfirmPage(await factors(request));
  }

  /** Runs a change; asks for a factor first when the rule wants one; shows a refusal on `show`. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    change: () => Promise<string>,
    show: (messages: PageMessages, status: number) => Promise<FastifyReply>,
    field?: (code: ErrorCode) => string | undefined,
  ) {
    try {
      return reply.redirect(await change(), 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'REAUTHENTICATION_REQUIRED' && (await confirmFirst(request, path)))
        return reply.redirect(`/account/confirm?next=${encodeURIComponent(path)}`, 303);
      const { t } = await pageContext(request, reply, path);
      return show(formError(t, error, field), error.status);
    }
  }

  app.get(PASSWORD_PATH, guarded('password'), async (request, reply) => passwordPage(request, reply));
  app.post(PASSWORD_PATH, guarded('password'), async (request, reply) =>
    act(
      request,
      reply,
      PASSWORD_PATH,
      async () => {
        const { currentPassword, newPassword } = formFields(request);
        const forced = pageSession(request).stage === 'password_change';
        const result = await changePassword(
          ctx,
          { ...sensitive(request, reply), token: sessionToken(request) },
          { currentPassword, newPassword },
        );
        if (result.session) setSessionCookie(reply, result.session);
        const done = '/account?notice=password-changed';
        // The first sign-in may have started at an app: it goes on there once the password is chosen.
        return forced ? takeReturnTarget(request, reply, done) : done;
      },
      (messages, status) => passwordPage(request, reply, messages, status),
      passwordField,
    ),
  );

  app.get(PROFILE_PATH, signedIn, async (request, reply) => profilePage(request, reply));
  app.post(PROFILE_PATH, signedIn, async (request, reply) =>
    act(
      request,
      reply,
      PROFILE_PATH,
      async () => {
        const { displayName, email } = formFields(request);
        await updateProfile(ctx, sensitive(request, reply), { displayName, email });
        return '/account?notice=profile-saved';
      },
      (messages, status) => profilePage(request, reply, messages, status),
      profileField,
    ),
  );

  app.get(SESSIONS_PATH, signedIn, async (request, reply) => sessionsPage(request, reply));
  app.post(`${SESSIONS_PATH}/end`, signedIn, async (request, reply) =>
    act(
      request,
      reply,
      SESSIONS_PATH,
      async () => {
        await endMySession(ctx, sensitive(request, reply), formFields(request).session);
        return `${SESSIONS_PATH}?notice=session-signed-out`;
      },
      (messages, status) => sessionsPage(request, reply, messages, status),
    ),
  );
  app.post(`${SESSIONS_PATH}/end-others`, signedIn, async (request, reply) =>
    act(
      request,
      reply,
      SESSIONS_PATH,
      async () => {
        await endMyOtherSessions(ctx, sensitive(request, reply));
        return `${SESSIONS_PATH}?notice=sessions-ended`;
      },
      (messages, status) => sessionsPage(request, reply, messages, status),
    ),
  );
}

/** Where an error of the password form belongs. */
function passwordField(code: ErrorCode): string | undefined {
  if (code === 'WRONG_PASSWORD') return 'current-password';
  if (code === 'WEAK_PASSWORD' || code === 'PASSWORD_TOO_COMMON' || code === 'PASSWORD_UNCHANGED')
    return 'new-password';
  if (code === 'INVALID_CODE' || code === 'MALFORMED_CODE' || code === 'CODE_ALREADY_USED')
    return 'password-code';
  return undefined;
}

/** Where an error of the details form belongs. */
function profileField(code: ErrorCode): string | undefined {
  if (code === 'INVALID_DISPLAY_NAME') return 'display-name';
  if (code === 'INVALID_EMAIL' || code === 'EMAIL_EXISTS') return 'email';
  if (code === 'INVALID_CODE' || code === 'MALFORMED_CODE' || code === 'CODE_ALREADY_USED')
    return 'profile-code';
  if (code === 'WRONG_PASSWORD') return 'profile-password';
  return undefined;
}

/** What the profile form asks to prove an email change (see ProfilePage). */
function profileProof({ totp, passkey }: SecondFactors): 'code' | 'password' | 'confirm' {
  if (totp !== undefined) return 'code';
  return passkey ? 'confirm' : 'password';
}
