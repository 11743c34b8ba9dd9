import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { actorOf, sessionToken, setSessionCookie } from '../../http/session-cookie.js';
import { enrollmentAuthentication, promoteSession } from '../../services/sessions.js';
import {
  confirmEnrollment,
  disableTwoFactor,
  getPendingEnrollment,
  regenerateRecoveryCodes,
  startEnrollment,
  twoFactorStatus,
} from '../../services/two-factor.js';
import type { PageMessages } from '../components/messages.js';
import { errorText } from '../error-text.js';
import { formFields } from '../form-body.js';
import { pageGuard, pageSession } from '../guard.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { AccountPage } from '../pages/account.js';
import { EnrollPage } from '../pages/enroll.js';
import { RecoveryCodesPage } from '../pages/recovery-codes.js';
import { sendPage } from '../render.js';
import { registerRecoveryCodesDownload } from './recovery-codes-download.js';

const ENROLL_PATH = '/account/two-factor/enroll';

const codeField = (request: FastifyRequest) => ({ code: formFields(request).code });

/** Account settings: two-factor status, registration (also re-keying), recovery codes, disabling. */
export function registerAccount(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const signedIn = { preHandler: pageGuard('signed-in') };
  const enrolling = { preHandler: pageGuard('enrolling') };
  const account = (request: FastifyRequest) => {
    const session = pageSession(request);
    return { userId: session.userId, username: session.username };
  };

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages: PageMessages,
    status = 200,
  ) {
    const page = await pageContext(request, reply, '/account');
    const twoFactor = await twoFactorStatus(ctx, pageSession(request).userId);
    return sendPage(reply, AccountPage({ ctx: page, twoFactor, messages }), status);
  }

  /** Runs a form action; a catalogue error re-renders the account page with the message. */
  async function onAccountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<FastifyReply>,
  ) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { t } = await pageContext(request, reply, '/account');
      return accountPage(request, reply, { error: errorText(t, error) }, error.status);
    }
  }

  async function enrollPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages: PageMessages = {},
    status = 200,
  ) {
    const session = pageSession(request);
    const page = await pageContext(request, reply, ENROLL_PATH);
    const [enrollment, twoFactor] = await Promise.all([
      getPendingEnrollment(ctx, account(request)),
      twoFactorStatus(ctx, session.userId),
    ]);
    const forced = session.stage === 'enrollment';
    return sendPage(
      reply,
      EnrollPage({ ctx: page, enrollment, rekey: twoFactor.enabled, forced, messages }),
      status,
    );
  }

  app.get<{ Querystring: { notice?: string } }>('/account', signedIn, async (request, reply) => {
    const { t } = await pageContext(request, reply);
    const notice = noticeKey(request.query.notice);
    return accountPage(request, reply, { notice: notice && t(notice) });
  });

  app.post('/account/two-factor/enrollment', enrolling, async (request, reply) =>
    onAccountPage(request, reply, async () => {
      await startEnrollment(ctx, account(request));
      return reply.redirect(ENROLL_PATH, 303);
    }),
  );

  app.get(ENROLL_PATH, enrolling, async (request, reply) => enrollPage(request, reply));

  app.post('/account/two-factor/enrollment/confirm', enrolling, async (request, reply) => {
    const session = pageSession(request);
    let recoveryCodes: string[];
    let rekeyed: boolean;
    try {
      ({ recoveryCodes, rekeyed } = await confirmEnrollment(
        ctx,
        account(request),
        codeField(request),
        actorOf(request),
      ));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { t } = await pageContext(request, reply, ENROLL_PATH);
      return enrollPage(request, reply, { error: errorText(t, error) }, error.status);
    }
    // Registering is a privilege change: the session continues under a new id.
    const token = sessionToken(request);
    const promoted = token
      ? await promoteSession(ctx, token, session.stage, 'full', enrollmentAuthentication(ctx, session))
      : undefined;
    if (!promoted) throw new AppError('UNAUTHENTICATED');
    setSessionCookie(reply, promoted);
    request.kakuninSession = { ...session, stage: 'full' };
    const page = await pageContext(request, reply, '/account');
    const notice = rekeyed ? page.t('tf.rekeyedNotice') : page.t('tf.enabledNotice');
    return sendPage(reply, RecoveryCodesPage({ ctx: page, codes: recoveryCodes, messages: { notice } }));
  });

  app.post('/account/two-factor/recovery-codes', signedIn, async (request, reply) =>
    onAccountPage(request, reply, async () => {
      const codes = await regenerateRecoveryCodes(
        ctx,
        account(request),
        codeField(request),
        actorOf(request),
      );
      const page = await pageContext(request, reply, '/account');
      return sendPage(
        reply,
        RecoveryCodesPage({ ctx: page, codes, messages: { notice: page.t('tf.regeneratedNotice') } }),
      );
    }),
  );

  app.post('/account/two-factor/disable', signedIn, async (request, reply) =>
    onAccountPage(request, reply, async () => {
      const { password, code } = formFields(request);
      await disableTwoFactor(ctx, account(request), { password, code }, actorOf(request));
      return reply.redirect('/account?notice=disabled', 303);
    }),
  );

  registerRecoveryCodesDownload(app, signedIn);
}
