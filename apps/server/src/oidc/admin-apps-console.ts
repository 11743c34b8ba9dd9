import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { actorOf } from '../http/session-cookie.js';
import { errorText } from '../web/error-text.js';
import { formFields } from '../web/form-body.js';
import { guarded } from '../web/guard.js';
import { pageContext } from '../web/page-context.js';
import { sendPage } from '../web/render.js';
import { AdminAppPage, AdminAppsPage, appPath } from './admin-apps-page.js';
import { type AppInput, createApp, deleteApp, getApp, listApps, rotateAppSecret, updateApp } from './apps.js';
import { rotateSigningKeys } from './signing-keys.js';

type AppRoute = { Params: { clientId: string }; Querystring: { notice?: string } };
const LIST = '/admin/apps';

/** Administrator console → Applications: register, edit, new secret, delete; signing keys. */
export function registerAppsConsole(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  async function listPage(request: FastifyRequest, reply: FastifyReply, error?: AppError) {
    const page = await pageContext(request, reply, LIST);
    const { notice, app: name } = request.query as { notice?: string; app?: string };
    const messages = {
      notice:
        notice === 'deleted' && name
          ? page.t('apps.deleted', { app: name })
          : notice === 'keys'
            ? page.t('apps.keysRotated')
            : undefined,
      error: error && errorText(page.t, error),
    };
    const apps = await listApps(ctx);
    const issuer = app.config.publicURL.origin;
    return sendPage(reply, AdminAppsPage({ ctx: page, apps, issuer, messages }), error?.status);
  }

  async function appPage(
    request: FastifyRequest<AppRoute>,
    reply: FastifyReply,
    extra: { secret?: string; notice?: string; error?: AppError } = {},
  ) {
    const page = await pageContext(request, reply, appPath(request.params.clientId));
    const found = await getApp(ctx, request.params.clientId);
    const notice = extra.notice ?? request.query.notice;
    const messages = {
      notice:
        notice === 'created'
          ? page.t('apps.created', { app: found.name })
          : notice === 'saved'
            ? page.t('apps.updated', { app: found.name })
            : undefined,
      error: extra.error && errorText(page.t, extra.error),
    };
    return sendPage(
      reply,
      AdminAppPage({ ctx: page, app: found, secret: extra.secret, messages }),
      extra.error?.status,
    );
  }

  app.get(LIST, admin, async (request, reply) => listPage(request, reply));

  app.post(LIST, admin, async (request, reply) => {
    const fields = formFields(request);
    const method = fields.kind ?? 'client_secret_basic';
    try {
      const created = await createApp(
        ctx,
        { ...appFromForm(fields), public: method === 'none', tokenEndpointAuthMethod: method },
        actorOf(request),
      );
      const route = request as unknown as FastifyRequest<AppRoute>;
      route.params.clientId = created.app.clientId;
      return appPage(route, reply, { secret: created.clientSecret, notice: 'created' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return listPage(request, reply, error);
    }
  });

  app.get<AppRoute>(`${LIST}/:clientId`, admin, async (request, reply) => appPage(request, reply));

  app.post<AppRoute>(`${LIST}/:clientId`, admin, async (request, reply) => {
    try {
      await updateApp(ctx, request.params.clientId, appFromForm(formFields(request)), actorOf(request));
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'NOT_FOUND') throw error;
      return appPage(request, reply, { error });
    }
    return reply.redirect(`${appPath(request.params.clientId)}?notice=saved`, 303);
  });

  app.post<AppRoute>(`${LIST}/:clientId/secret`, admin, async (request, reply) => {
    const secret = await rotateAppSecret(ctx, request.params.clientId, actorOf(request));
    return appPage(request, reply, { secret });
  });

  app.post<AppRoute>(`${LIST}/:clientId/delete`, admin, async (request, reply) => {
    const found = await getApp(ctx, request.params.clientId);
    await deleteApp(ctx, found.clientId, actorOf(request));
    return reply.redirect(`${LIST}?notice=deleted&app=${encodeURIComponent(found.name)}`, 303);
  });

  app.post(`${LIST}/signing-keys/rotate`, admin, async (request, reply) => {
    await rotateSigningKeys(ctx, actorOf(request));
    await app.oidc.reload();
    return reply.redirect(`${LIST}?notice=keys`, 303);
  });
}

/** The form's fields → the app service's input (which checks every value). */
function appFromForm(fields: Record<string, string | undefined>): AppInput {
  const lines = (text: string | undefined) =>
    (text ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  return {
    name: fields.name,
    redirectURIs: lines(fields.redirectURIs),
    postLogoutRedirectURIs: lines(fields.postLogoutRedirectURIs),
    requiresTwoFactor: fields.requiresTwoFactor !== undefined,
    requiresPasskey: fields.requiresPasskey !== undefined,
    askConsent: fields.askConsent !== undefined,
  };
}
