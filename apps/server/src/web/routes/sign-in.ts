import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkAccess } from '../../authz/check.js';
import { AppError } from '../../errors.js';
import { formPasskeyAnswer, signInWithPasskeyAnswer } from '../../http/passkey-cookie.js';
import { passwordSignIn } from '../../http/password-sign-in.js';
import { forgetReturnTarget, rememberReturnTarget, takeReturnTarget } from '../../http/return-to.js';
import {
  clearSessionCookie,
  loadSession,
  sessionToken,
  setSessionCookie,
} from '../../http/session-cookie.js';
import { recordAudit } from '../../services/audit.js';
import { firstFactor, type LoginResult, loginWithRecoveryCode, loginWithTOTP } from '../../services/auth.js';
import { secondFactors } from '../../services/reauth.js';
import { endSession, findSession } from '../../services/sessions.js';
import { getSettings } from '../../services/settings.js';
import { startEnrollment } from '../../services/two-factor.js';
import type { PageMessages } from '../components/messages.js';
import type { PageContext } from '../context.js';
import { errorText, formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { CodePage, RecoveryPage } from '../pages/second-factor.js';
import { SignInPage } from '../pages/sign-in.js';
import { sendPage } from '../render.js';
import { failureText } from './passkeys.js';

/** Sign-in (password, then code or recovery code) and sign-out. */
export function registerSignIn(app: FastifyInstance): void {
  const ctx = app.kakunin;

  app.get('/', async (request, reply) => {
    const session = await loadSession(request);
    return reply.redirect(session && session.stage !== 'second_factor' ? '/account' : '/sign-in', 303);
  });

  app.get<{ Querystring: { notice?: string; rd?: string } }>('/sign-in', async (request, reply) => {
    const session = await loadSession(request);
    const target = await rememberReturnTarget(request, reply, request.query.rd);
    const host = target && appHost(target, app.config.publicURL);
    if (session?.stage === 'full') {
      const access = host ? await checkAccess(ctx, sessionToken(request), host) : undefined;
      // Already signed in: straight on, unless the app wants a second factor this session lacks.
      if (access?.kind !== 'sign-in') {
        if (target) forgetReturnTarget(request, reply);
        return reply.redirect(target ?? '/account', 303);
      }
    }
    const page = await pageContext(request, reply, '/sign-in');
    const notice = noticeKey(request.query.notice);
    const messages = {
      notice: notice ? page.t(notice) : host && page.t('signIn.forApp', { host }),
      error: session?.stage === 'full' && host ? page.t('signIn.appNeedsTwoFactor', { host }) : undefined,
    };
    return signInPage(reply, page, messages);
  });

  app.post('/sign-in', async (request, reply) => {
    const fields = formFields(request);
    try {
      const result = await passwordSignIn(request, reply, fields);
      // Policy "required": the registration dialog opens straight away with a fresh key.
      const session =
        result.status === 'enrollment_required' ? await findSession(ctx, result.token) : undefined;
      if (session) {
        const actor = { username: session.username, ip: request.ip };
        await startEnrollment(ctx, { session, actor });
      }
      const next =
        result.status === 'ok'
          ? await takeReturnTarget(request, reply, NEXT_STEP.ok)
          : NEXT_STEP[result.status];
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = await pageContext(request, reply, '/sign-in');
      const messages = { error: errorText(page.t, error) };
      return signInPage(reply, page, messages, fields.username, error.status);
    }
  });

  app.get('/sign-in/code', async (request, reply) => secondFactorPage(request, reply, 'code'));
  app.get('/sign-in/recovery', async (request, reply) => secondFactorPage(request, reply, 'recovery'));

  app.post('/sign-in/code', async (request, reply) =>
    secondFactor(request, reply, 'code', (input) => loginWithTOTP(ctx, input)),
  );
  app.post('/sign-in/recovery', async (request, reply) =>
    secondFactor(request, reply, 'recovery', (input) => loginWithRecoveryCode(ctx, input)),
  );

  app.post('/sign-in/passkey', async (request, reply) => passkeySignIn(request, reply));

  app.post('/sign-out', async (request, reply) => {
    const session = await loadSession(request);
    await endSession(ctx, sessionToken(request));
    if (session) {
      const actor = { username: session.username, ip: request.ip };
      await recordAudit(ctx, { event: 'logout', actor, target: session.username });
    }
    clearSessionCookie(reply);
    return reply.redirect('/sign-in?notice=signed-out', 303);
  });
}

/** The host of an app to return to, undefined for a path or address of this service. */
function appHost(target: string, publicURL: URL): string | undefined {
  if (target.startsWith('/')) return undefined;
  const url = new URL(target);
  return url.origin === publicURL.origin ? undefined : url.hostname;
}

const NEXT_STEP: Record<LoginResult['status'], string> = {
  ok: '/account',
  second_factor_required: '/sign-in/code',
  enrollment_required: '/account/two-factor/enroll',
  password_change_required: '/account/password',
};

type Method = 'code' | 'recovery';
const PATHS: Record<Method, string> = { code: '/sign-in/code', recovery: '/sign-in/recovery' };

async function secondFactorPage(request: FastifyRequest, reply: FastifyReply, method: Method) {
  const session = await loadSession(request);
  if (session?.stage !== 'second_factor') return reply.redirect(session ? '/account' : '/sign-in', 303);
  const page = await pageContext(request, reply, PATHS[method]);
  return sendPage(reply, await stepPage(request, method, page));
}

async function secondFactor(
  request: FastifyRequest,
  reply: FastifyReply,
  method: Method,
  verify: (input: { token: string | undefined; code: unknown; ip: string }) => Promise<LoginResult>,
) {
  try {
    const result = await verify({
      token: sessionToken(request),
      code: formFields(request).code,
      ip: request.ip,
    });
    setSessionCookie(reply, result);
    // A one-time password is replaced first; the way back to an app is kept for after it.
    if (result.status !== 'ok') return reply.redirect(NEXT_STEP[result.status], 303);
    const fallback = method === 'recovery' ? '/account?notice=recovery-used' : '/account';
    return reply.redirect(await takeReturnTarget(request, reply, fallback), 303);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const page = await pageContext(request, reply, PATHS[method]);
    const messages = formError(page.t, error, method === 'code' ? 'code' : 'recovery-code', method);
    // Without a pending sign-in (expired, or too many wrong codes) only the password step makes sense.
    if (error.code === 'NO_PENDING_LOGIN') return signInPage(reply, page, messages, undefined, error.status);
    return sendPage(reply, await stepPage(request, method, page, messages), error.status);
  }
}

/** The first sign-in page, with the passkey button and autofill when the administrator allows them. */
async function signInPage(
  reply: FastifyReply,
  page: PageContext,
  messages: PageMessages,
  username?: string,
  status = 200,
) {
  const { passkeySignIn } = await getSettings(reply.server.kakunin);
  return sendPage(reply, SignInPage({ ctx: page, messages, username, passkeySignIn }), status);
}

/** The code or recovery page of the sign-in waiting for its second factor. */
async function stepPage(request: FastifyRequest, method: Method, page: PageContext, messages?: PageMessages) {
  if (method === 'recovery') return RecoveryPage({ ctx: page, messages });
  const session = await loadSession(request);
  const factors = session
    ? await secondFactors(request.server.kakunin, session.userId)
    : { totp: undefined, passkey: false };
  const afterKey = session !== null && firstFactor(session.amr) === 'pop';
  const step = { totp: factors.totp !== undefined, passkey: factors.passkey, afterKey };
  return CodePage({ ctx: page, messages, step });
}

/**
 * A passkey's answer from the sign-in pages: the second factor of a pending sign-in, or a sign-in
 * without a password. The form comes back without one when the dialog was closed or failed.
 */
async function passkeySignIn(request: FastifyRequest, reply: FastifyReply) {
  const fields = formFields(request);
  const pending = (await loadSession(request))?.stage === 'second_factor';
  const again = async (messages: PageMessages, status: number) => {
    const page = await pageContext(request, reply, pending ? PATHS.code : '/sign-in');
    if (pending) return sendPage(reply, await stepPage(request, 'code', page, messages), status);
    return signInPage(reply, page, messages, undefined, status);
  };
  if (!fields.response) {
    const { t } = await pageContext(request, reply);
    return again({ error: failureText(t, fields.failure) }, 400);
  }
  try {
    const result = await signInWithPasskeyAnswer(request, reply, formPasskeyAnswer(fields.response));
    setSessionCookie(reply, result);
    const next =
      result.status === 'ok'
        ? await takeReturnTarget(request, reply, NEXT_STEP.ok)
        : NEXT_STEP[result.status];
    return reply.redirect(next, 303);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const { t } = await pageContext(request, reply);
    return again({ error: errorText(t, error) }, error.status);
  }
}
