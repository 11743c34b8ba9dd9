import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/session-cookie.js';
import { createAPIToken, listAPITokens, revokeAPIToken } from '../../services/api-tokens.js';
import { requireReauthentication } from '../../services/reauth.js';
import { CONFIRM_FIELD } from '../components/confirm.js';
import type { PageMessages } from '../components/index.js';
import { formError } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { pageContext } from '../page-context.js';
import { AdminTokensPage, RevokeTokenPage } from '../pages/admin-tokens.js';
import { sendPage } from '../render.js';

const LIST = '/admin/tokens';

/** Administrator console → API tokens. */
export function registerTokens(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { created?: { name: string; token: string }; messages?: PageMessages; status?: number } = {},
  ) {
    const page = await pageContext(request, reply, LIST);
    const tokens = await listAPITokens(ctx);
    const { status, ...rest } = extra;
    return sendPage(reply, AdminTokensPage({ ctx: page, tokens, ...rest }), status);
  }

  app.get(LIST, admin, async (request, reply) => listPage(request, reply));

  // A token can do what an administrator can: creating one is a sensitive change.
  app.post(LIST, admin, async (request, reply) => {
    const { name, scope } = formFields(request);
    const session = pageSession(request);
    const actor = actorOf(request);
    try {
      await requireReauthentication(ctx, { session, actor }, 'api_token');
      const created = await createAPIToken(ctx, { name, scope }, session, actor);
      return listPage(request, reply, { created });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'REAUTHENTICATION_REQUIRED')
        return reply.redirect(`/account/confirm?next=${encodeURIComponent(LIST)}`, 303);
      const { t } = await pageContext(request, reply, LIST);
      const messages = formError(t, error, (code) => (code === 'INVALID_TOKEN_NAME' ? 'name' : undefined));
      return listPage(request, reply, { messages, status: error.status });
    }
  });

  // Revoking cannot be undone: the list's button leads to a confirmation step saying what happens,
  // and only its form (carrying confirm=yes) revokes.
  app.post<{ Params: { id: string } }>(`${LIST}/:id/revoke`, admin, async (request, reply) => {
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : -1;
    if (formFields(request)[CONFIRM_FIELD] === 'yes') {
      await revokeAPIToken(ctx, id, actorOf(request));
      return reply.redirect(LIST, 303);
    }
    const token = (await listAPITokens(ctx)).find((each) => each.id === id && each.revokedAt === null);
    if (!token) throw new AppError('TOKEN_NOT_FOUND');
    const page = await pageContext(request, reply, `${LIST}/${id}/revoke`);
    return sendPage(reply, RevokeTokenPage({ ctx: page, id, name: token.name }));
  });
}
