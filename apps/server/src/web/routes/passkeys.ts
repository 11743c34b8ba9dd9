import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../../errors.js';
import { formPasskeyAnswer } from '../../http/passkey-cookie.js';
import { actorOf, renewSessionCookie } from '../../http/session-cookie.js';
import type { Translate } from '../../i18n/index.js';
import { needsPasskey } from '../../services/passkeys/admin-policy.js';
import {
  addPasskey,
  listPasskeys,
  type PasskeyInfo,
  removePasskey,
  renamePasskey,
} from '../../services/passkeys/index.js';
import { secondFactors } from '../../services/reauth.js';
import { CONFIRM_FIELD, ConfirmStep } from '../components/confirm.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import { errorText, formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { noticeKey } from '../notices.js';
import { pageContext } from '../page-context.js';
import { PasskeysPage, RenamePasskeyPage } from '../pages/passkeys.js';
import { RecoveryCodesPage } from '../pages/recovery-codes.js';
import { PASSKEYS_PATH } from '../paths.js';
import { sendPage } from '../render.js';

type IdParams = { Params: { id: string } };

/** Account settings → Passkeys and security keys: list, add (browser dialog), rename, remove. */
export function registerPasskeyPages(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const signedIn = guarded('signed-in');
  // Made to register a second factor before anything else, a person may add a passkey instead.
  const signedInOrEnrolling = guarded('enrolling');

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    messages: PageMessages = {},
    status = 200,
  ) {
    const session = pageSession(request);
    const page = await pageContext(request, reply, PASSKEYS_PATH);
    const [passkeys, required] = await Promise.all([
      listPasskeys(ctx, session.userId),
      needsPasskey(ctx, session),
    ]);
    const name = request.method === 'POST' ? formFields(request).name : undefined;
    const enrolling = session.stage === 'enrollment';
    return sendPage(
      reply,
      PasskeysPage({ ctx: page, passkeys, required, enrolling, name, messages }),
      status,
    );
  }

  /** One of the person's passkeys, or PASSKEY_NOT_FOUND. */
  async function ownPasskey(request: FastifyRequest<IdParams>): Promise<PasskeyInfo> {
    const passkeys = await listPasskeys(ctx, pageSession(request).userId);
    const passkey = passkeys.find((item) => String(item.id) === request.params.id);
    if (!passkey) throw new AppError('PASSKEY_NOT_FOUND');
    return passkey;
  }

  app.get<{ Querystring: { notice?: string } }>(
    PASSKEYS_PATH,
    signedInOrEnrolling,
    async (request, reply) => {
      const { t } = await pageContext(request, reply);
      const notice = noticeKey(request.query.notice);
      return listPage(request, reply, { notice: notice && t(notice) });
    },
  );

  app.post(PASSKEYS_PATH, signedInOrEnrolling, async (request, reply) => {
    const fields = formFields(request);
    const { t } = await pageContext(request, reply, PASSKEYS_PATH);
    if (!fields.response) return listPage(request, reply, { error: failureText(t, fields.failure) }, 400);
    try {
      const added = await addPasskey(ctx, ctx.relyingParty, {
        session: pageSession(request),
        actor: actorOf(request),
        response: formPasskeyAnswer(fields.response),
        name: fields.name,
        onRenewed: renewSessionCookie(request, reply),
      });
      const notice = t('passkeys.added', { name: added.name });
      if (added.recoveryCodes) {
        // The first second factor: recovery codes, shown once, in case the key is lost.
        const page = await pageContext(request, reply, PASSKEYS_PATH);
        const messages = { notice: t('passkeys.recoveryCodesNotice', { name: added.name }) };
        return sendPage(reply, RecoveryCodesPage({ ctx: page, codes: added.recoveryCodes, messages }));
      }
      const passkeys = await listPasskeys(ctx, pageSession(request).userId);
      const page = await pageContext(request, reply, PASSKEYS_PATH);
      return sendPage(reply, PasskeysPage({ ctx: page, passkeys, required: false, messages: { notice } }));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = (code: ErrorCode) => (code === 'INVALID_PASSKEY_NAME' ? 'passkey-name' : undefined);
      return listPage(request, reply, formError(t, error, field), error.status);
    }
  });

  app.get<IdParams>(`${PASSKEYS_PATH}/:id/rename`, signedIn, async (request, reply) => {
    const passkey = await ownPasskey(request);
    const page = await pageContext(request, reply);
    return sendPage(reply, RenamePasskeyPage({ ctx: page, passkey }));
  });

  app.post<IdParams>(`${PASSKEYS_PATH}/:id/rename`, signedIn, async (request, reply) => {
    const passkey = await ownPasskey(request);
    const { name } = formFields(request);
    try {
      await renamePasskey(ctx, {
        session: pageSession(request),
        actor: actorOf(request),
        id: passkey.id,
        name,
      });
      return reply.redirect(`${PASSKEYS_PATH}?notice=passkey-renamed`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = await pageContext(request, reply, `${PASSKEYS_PATH}/${passkey.id}/rename`);
      const messages = formError(page.t, error, () => 'passkey-name');
      return sendPage(reply, RenamePasskeyPage({ ctx: page, passkey, name, messages }), error.status);
    }
  });

  async function removeStep(request: FastifyRequest<IdParams>, reply: FastifyReply, passkey: PasskeyInfo) {
    const path = `${PASSKEYS_PATH}/${passkey.id}/remove`;
    const page = await pageContext(request, reply, path);
    const { t } = page;
    const userId = pageSession(request).userId;
    const [passkeys, factors] = await Promise.all([listPasskeys(ctx, userId), secondFactors(ctx, userId)]);
    // Its only second factor: the person keeps the recovery codes, or adds another first.
    const last = passkeys.length <= 1 && factors.totp === undefined;
    const consequences = [
      t('passkeys.removeConsequence'),
      ...(last ? [t('passkeys.removeLastConsequence')] : []),
    ];
    return sendPage(
      reply,
      Page({
        ctx: page,
        title: t('passkeys.title'),
        width: 'narrow',
        children: ConfirmStep({
          ctx: page,
          title: t('passkeys.removeTitle', { name: passkey.name }),
          consequences,
          action: path,
          confirmLabel: t('passkeys.remove'),
          cancelHref: PASSKEYS_PATH,
        }),
      }),
    );
  }

  app.get<IdParams>(`${PASSKEYS_PATH}/:id/remove`, signedIn, async (request, reply) =>
    removeStep(request, reply, await ownPasskey(request)),
  );

  app.post<IdParams>(`${PASSKEYS_PATH}/:id/remove`, signedIn, async (request, reply) => {
    const passkey = await ownPasskey(request);
    const fields = formFields(request);
    if (fields[CONFIRM_FIELD] !== 'yes') return removeStep(request, reply, passkey);
    try {
      await removePasskey(ctx, { session: pageSession(request), actor: actorOf(request), id: passkey.id });
    } catch (error) {
      // Not signed in recently enough: prove it is you, then confirm again.
      if (error instanceof AppError && error.code === 'REAUTHENTICATION_REQUIRED') {
        const next = `${PASSKEYS_PATH}/${passkey.id}/remove`;
        return reply.redirect(`/account/confirm?next=${encodeURIComponent(next)}`, 303);
      }
      throw error;
    }
    return reply.redirect(`${PASSKEYS_PATH}?notice=passkey-removed`, 303);
  });
}

/**
 * Why a passkey form came back without an answer: the API's error (by its code), the dialog closed or
 * timed out, or no script ran at all.
 */
export function failureText(t: Translate, failure: string | undefined): string {
  if (!failure) return t('passkeys.needsScript');
  if (Object.hasOwn(ERRORS, failure)) return errorText(t, new AppError(failure as ErrorCode));
  return t('passkeys.cancelled');
}
