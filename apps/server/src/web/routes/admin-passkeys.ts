import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/session-cookie.js';
import { listPasskeys, removeUserPasskey } from '../../services/passkeys/index.js';
import { getUser } from '../../services/users.js';
import { CONFIRM_FIELD, ConfirmStep } from '../components/confirm.js';
import { Page } from '../components/page.js';
import { formFields } from '../form-body.js';
import { guarded } from '../guard.js';
import { pageContext } from '../page-context.js';
import { sendPage } from '../render.js';

type PasskeyRoute = { Params: { username: string; id: string } };

/** The administrator removes one of a user's passkeys (a lost key, a person leaving), after confirming. */
export function registerUserPasskeys(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');
  const path = '/admin/users/:username/passkeys/:id/remove';

  async function target(request: FastifyRequest<PasskeyRoute>) {
    const user = await getUser(ctx, request.params.username);
    const passkey = (await listPasskeys(ctx, user.id)).find((item) => String(item.id) === request.params.id);
    if (!passkey) throw new AppError('PASSKEY_NOT_FOUND');
    return { user, passkey, base: `/admin/users/${encodeURIComponent(user.username)}` };
  }

  async function confirmation(request: FastifyRequest<PasskeyRoute>, reply: FastifyReply) {
    const { user, passkey, base } = await target(request);
    const action = `${base}/passkeys/${passkey.id}/remove`;
    const page = await pageContext(request, reply, action);
    const { t } = page;
    const step = ConfirmStep({
      ctx: page,
      title: t('passkeys.removeTitle', { name: passkey.name }),
      consequences: [t('passkeys.adminRemoveConsequence', { username: user.username })],
      action,
      confirmLabel: t('passkeys.remove'),
      cancelHref: base,
    });
    return sendPage(
      reply,
      Page({ ctx: page, title: t('passkeys.adminCaption', { username: user.username }), children: step }),
    );
  }

  app.get<PasskeyRoute>(path, admin, confirmation);
  app.post<PasskeyRoute>(path, admin, async (request, reply) => {
    if (formFields(request)[CONFIRM_FIELD] !== 'yes') return confirmation(request, reply);
    const { user, passkey, base } = await target(request);
    await removeUserPasskey(ctx, {
      actor: actorOf(request),
      userId: user.id,
      username: user.username,
      id: passkey.id,
    });
    return reply.redirect(`${base}?notice=passkey-removed`, 303);
  });
}
