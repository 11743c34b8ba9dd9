import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { formPasskeyAnswer } from '../../http/passkey-cookie.js';
import { actorOf, renewSessionCookie, sessionToken, setSessionCookie } from '../../http/session-cookie.js';
import { listPasskeys } from '../../services/passkeys/index.js';
import {
  provesOnConfirmPage,
  reauthenticate,
  type SensitiveRequest,
  secondFactors,
} from '../../services/reauth.js';
import {
  confirmEnrollment,
  disableTwoFactor,
  getPendingEnrollment,
  regenerateRecoveryCodes,
  startEnrollment,
  twoFactorStatus,
} from '../../services/two-factor.js';
import type { PageMessages } from '../components/messages.js';
import { takeContinue } from '../continue.js';
import { errorText, formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { AccountPage } from '../pages/account.js';
import { EnrollPage } from '../pages/enroll.js';
import { ReauthenticatePage } from '../pages/reauthenticate.js';
import { RecoveryCodesPage } from '../pages/recovery-codes.js';
import { ENROLL_PATH } from '../paths.js';
import { sendPage } from '../render.js';
import { safeLocalPath } from './language.js';
import { failureText } from './passkeys.js';
import { registerRecoveryCodesDownload } from './recovery-codes-download.js';

const CONFIRM_PATH = '/account/confirm';
/** What `/account/confirm` may carry out after the proof: a named change, or a page of this site. */
const ENROLL_NEXT = 'enroll';
/** New recovery codes, shown once the proof is given. */
const RECOVERY_CODES_NEXT = 'recovery-codes';

/** Account settings: two-factor status, registration (also re-keying), recovery codes, disabling. */
export function registerAccount(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const signedIn = guarded('signed-in');
  const enrolling = guarded('enrolling');
  const account = (request: FastifyRequest) => {
    const session = pageSession(request);
    return { userId: session.userId, username: session.username };
  };
  // The session, the proof typed into the form (a code, or the password), who acts.
  // A proof renews the session's token: the response sets the new cookie.
  const sensitive = (request: FastifyRequest, reply: FastifyReply): SensitiveRequest => {
    const { code, password, response } = formFields(request);
    // A passkey's answer (the confirm page's passkey form), else what was typed.
    const passkey = response ? formPasskeyAnswer(response) : undefined;
    return {
      session: pageSession(request),
      proof: { code, password, passkey },
      actor: actorOf(request),
      onRenewed: renewSessionCookie(request, reply),
    };
  };

  async function confirmPage(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    messages: PageMessages = {},
    status = 200,
  ) {
    const page = await pageContext(request, reply, `${CONFIRM_PATH}?next=${encodeURIComponent(next)}`);
    const factors = await secondFactors(ctx, pageSession(request).userId);
    return sendPage(reply, ReauthenticatePage({ ctx: page, factors, next, messages }), status);
  }

  async function accountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages: PageMessages,
    status = 200,
  ) {
    const page = await pageContext(request, reply, '/account');
    const userId = pageSession(request).userId;
    const [twoFactor, passkeys] = await Promise.all([
      twoFactorStatus(ctx, userId),
      listPasskeys(ctx, userId),
    ]);
    return sendPage(
      reply,
      AccountPage({ ctx: page, twoFactor, passkeys: passkeys.length, messages }),
      status,
    );
  }

  /** Runs a form action; a catalogue error re-renders the account page with the message. */
  async function onAccountPage(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<FastifyReply>,
    /** The code field of the form, where a wrong code is shown. */
    field?: string,
  ) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { t } = await pageContext(request, reply, '/account');
      return accountPage(request, reply, formError(t, error, field), error.status);
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
    // A sign-in started by an app goes back to it once the person is through.
    const next = takeContinue(request, reply);
    if (next) return reply.redirect(next, 303);
    const { t } = await pageContext(request, reply);
    const notice = noticeKey(request.query.notice);
    return accountPage(request, reply, { notice: notice && t(notice) });
  });

  app.post('/account/two-factor/enrollment', enrolling, async (request, reply) =>
    onAccountPage(request, reply, async () => {
      try {
        await startEnrollment(ctx, sensitive(request, reply));
      } catch (error) {
        // Not signed in recently enough: ask for a factor, then start the registration.
        if (error instanceof AppError && error.code === 'REAUTHENTICATION_REQUIRED')
          return confirmPage(request, reply, ENROLL_NEXT);
        throw error;
      }
      return reply.redirect(ENROLL_PATH, 303);
    }),
  );

  app.get<{ Querystring: { next?: string } }>(CONFIRM_PATH, enrolling, async (request, reply) =>
    confirmPage(request, reply, confirmNext(request.query.next)),
  );

  app.post(CONFIRM_PATH, enrolling, async (request, reply) => {
    const fields = formFields(request);
    const next = confirmNext(fields.next);
    if (fields.failure && !fields.response) {
      // The passkey dialog was closed, or the browser could not answer.
      const { t } = await pageContext(request, reply, CONFIRM_PATH);
      return confirmPage(request, reply, next, { error: failureText(t, fields.failure) }, 400);
    }
    try {
      const session = await reauthenticate(ctx, sensitive(request, reply));
      if (next === RECOVERY_CODES_NEXT)
        return newRecoveryCodes(request, reply, { session, actor: actorOf(request) });
      if (next !== ENROLL_NEXT) return reply.redirect(next, 303);
      await startEnrollment(ctx, { session, actor: actorOf(request) });
      return reply.redirect(ENROLL_PATH, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { t } = await pageContext(request, reply, CONFIRM_PATH);
      const context = /^\d{6}$/.test(formFields(request).code ?? '') ? 'code' : 'recovery';
      return confirmPage(request, reply, next, { error: errorText(t, error, context) }, error.status);
    }
  });

  app.get(ENROLL_PATH, enrolling, async (request, reply) => enrollPage(request, reply));

  app.post('/account/two-factor/enrollment/confirm', enrolling, async (request, reply) => {
    const session = pageSession(request);
    let confirmed: Awaited<ReturnType<typeof confirmEnrollment>>;
    try {
      confirmed = await confirmEnrollment(
        ctx,
        account(request),
        { code: formFields(request).code, session: { token: sessionToken(request), stage: session.stage } },
        actorOf(request),
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { t } = await pageContext(request, reply, ENROLL_PATH);
      return enrollPage(request, reply, formError(t, error, 'code'), error.status);
    }
    const { recoveryCodes, rekeyed } = confirmed;
    setSessionCookie(reply, confirmed.session);
    request.kakuninSession = { ...session, stage: 'full' };
    const page = await pageContext(request, reply, '/account');
    const notice = rekeyed ? page.t('tf.rekeyedNotice') : page.t('tf.enabledNotice');
    return sendPage(reply, RecoveryCodesPage({ ctx: page, codes: recoveryCodes, messages: { notice } }));
  });

  app.post('/account/two-factor/recovery-codes', signedIn, async (request, reply) =>
    onAccountPage(
      request,
      reply,
      async () => {
        try {
          return await newRecoveryCodes(request, reply, sensitive(request, reply));
        } catch (error) {
          // With passkeys alone the form has no proof field: the confirm page asks for the passkey.
          if (
            error instanceof AppError &&
            error.code === 'REAUTHENTICATION_REQUIRED' &&
            provesOnConfirmPage(await secondFactors(ctx, pageSession(request).userId))
          )
            return confirmPage(request, reply, RECOVERY_CODES_NEXT);
          throw error;
        }
      },
      'regenerate-code',
    ),
  );

  async function newRecoveryCodes(request: FastifyRequest, reply: FastifyReply, change: SensitiveRequest) {
    const codes = await regenerateRecoveryCodes(ctx, change);
    const page = await pageContext(request, reply, '/account');
    return sendPage(
      reply,
      RecoveryCodesPage({ ctx: page, codes, messages: { notice: page.t('tf.regeneratedNotice') } }),
    );
  }

  app.post('/account/two-factor/disable', signedIn, async (request, reply) =>
    onAccountPage(
      request,
      reply,
      async () => {
        await disableTwoFactor(ctx, sensitive(request, reply));
        return reply.redirect('/account?notice=disabled', 303);
      },
      'disable-code',
    ),
  );

  registerRecoveryCodesDownload(app, signedIn);
}

/** The change `/account/confirm` continues with: the registration, or a page of this site. */
function confirmNext(next: unknown): string {
  if (next === ENROLL_NEXT || next === RECOVERY_CODES_NEXT) return next;
  return safeLocalPath(next === undefined ? '/account' : next);
}
