import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  deleteProtectedHost,
  listProtectedHosts,
  type ProtectedHost,
  saveProtectedHost,
} from '../../authz/index.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/session-cookie.js';
import { errorText } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded } from '../guard.js';
import { pageContext } from '../page-context.js';
import { AdminProtectedHostPage, AdminProtectedHostsPage, hostPath } from '../pages/admin-protected-hosts.js';
import { sendPage } from '../render.js';

type HostRoute = { Params: { host: string }; Querystring: { notice?: string } };
const LIST = '/admin/protected-hosts';

/** Administrator console → Protected apps: the forward-auth rules per host. */
export function registerProtectedHosts(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  async function listPage(request: FastifyRequest, reply: FastifyReply, error?: AppError) {
    const page = await pageContext(request, reply, LIST);
    const hosts = await listProtectedHosts(ctx);
    const { notice, host } = request.query as { notice?: string; host?: string };
    // A bad or taken host name is said beside the host field; anything else above the form.
    const hostError = error?.code === 'INVALID_HOST' || error?.code === 'HOST_EXISTS';
    const messages = {
      notice: notice === 'removed' && host ? page.t('hosts.removed', { host }) : undefined,
      error: error && !hostError ? errorText(page.t, error) : undefined,
      fieldErrors: error && hostError ? [{ field: 'host', message: errorText(page.t, error) }] : undefined,
    };
    const draft = error
      ? { ...ruleFromForm(formFields(request)), host: formFields(request).host }
      : undefined;
    return sendPage(reply, AdminProtectedHostsPage({ ctx: page, hosts, draft, messages }), error?.status);
  }

  async function rulePage(request: FastifyRequest<HostRoute>, reply: FastifyReply, error?: AppError) {
    const page = await pageContext(request, reply, hostPath(request.params.host));
    const rule = (await listProtectedHosts(ctx)).find((each) => each.host === request.params.host);
    if (!rule) throw new AppError('HOST_NOT_FOUND');
    const notice = request.query.notice;
    const messages = {
      notice:
        notice === 'added' || notice === 'saved' ? page.t(`hosts.${notice}`, { host: rule.host }) : undefined,
      error: error && errorText(page.t, error),
    };
    return sendPage(reply, AdminProtectedHostPage({ ctx: page, rule, messages }), error?.status);
  }

  app.get(LIST, admin, async (request, reply) => listPage(request, reply));

  app.post(LIST, admin, async (request, reply) => {
    const fields = formFields(request);
    try {
      const rule = await saveProtectedHost(
        ctx,
        { ...ruleFromForm(fields), host: fields.host },
        actorOf(request),
      );
      return reply.redirect(`${hostPath(rule.host)}?notice=added`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return listPage(request, reply, error);
    }
  });

  app.get<HostRoute>(`${LIST}/:host`, admin, async (request, reply) => rulePage(request, reply));

  app.post<HostRoute>(`${LIST}/:host`, admin, async (request, reply) => {
    try {
      await saveProtectedHost(ctx, ruleFromForm(formFields(request)), actorOf(request), request.params.host);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'HOST_NOT_FOUND') throw error;
      return rulePage(request, reply, error);
    }
    return reply.redirect(`${hostPath(request.params.host)}?notice=saved`, 303);
  });

  app.post<HostRoute>(`${LIST}/:host/remove`, admin, async (request, reply) => {
    await deleteProtectedHost(ctx, request.params.host, actorOf(request));
    return reply.redirect(`${LIST}?notice=removed&host=${encodeURIComponent(request.params.host)}`, 303);
  });
}

/** The form's fields → the rule service's input (which checks every value). */
function ruleFromForm(fields: Record<string, string>): Omit<ProtectedHost, 'host'> {
  const users = (fields.users ?? '')
    .split(/[,、\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const roles = (['admin', 'user'] as const).filter((role) => fields[`role-${role}`] !== undefined);
  return { users, roles, twoFactor: fields.twoFactor !== undefined };
}
