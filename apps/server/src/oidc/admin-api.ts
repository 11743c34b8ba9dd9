import type { FastifyPluginAsync } from 'fastify';
import { jsonFields } from '../api/body.js';
import { actorOf, requireSession } from '../http/session-cookie.js';
import { createApp, deleteApp, getApp, listApps, rotateAppSecret, updateApp } from './apps.js';
import { rotateSigningKeys } from './signing-keys.js';

type AppParams = { Params: { clientId: string } };

/**
 * The administrator's API for apps that sign in through Kakunin, under `/api/admin` with the same
 * rules as the rest of it. A client secret appears in an answer only when it is created or replaced.
 */
export const appsAdminRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  app.addHook('preHandler', requireSession({ admin: true }));

  app.get('/admin/apps', async () => ({ apps: await listApps(ctx) }));

  app.post('/admin/apps', async (request, reply) => {
    const created = await createApp(ctx, jsonFields(request), actorOf(request));
    return reply.status(201).send({
      clientId: created.app.clientId,
      clientSecret: created.clientSecret ?? null,
      app: created.app,
    });
  });

  app.get<AppParams>('/admin/apps/:clientId', async (request) => getApp(ctx, request.params.clientId));

  app.put<AppParams>('/admin/apps/:clientId', async (request) =>
    updateApp(ctx, request.params.clientId, jsonFields(request), actorOf(request)),
  );

  app.post<AppParams>('/admin/apps/:clientId/secret', async (request) => ({
    clientSecret: await rotateAppSecret(ctx, request.params.clientId, actorOf(request)),
  }));

  app.delete<AppParams>('/admin/apps/:clientId', async (request) => {
    await deleteApp(ctx, request.params.clientId, actorOf(request));
    return { status: 'ok' };
  });

  app.post('/admin/oidc/signing-keys/rotate', async (request) => {
    await rotateSigningKeys(ctx, actorOf(request));
    await app.oidc.reload();
    return { status: 'ok' };
  });
};
