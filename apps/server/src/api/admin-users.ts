import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, renewSessionCookie, requireSession, signedIn } from '../http/session-cookie.js';
import { getUserSummary, searchUsers } from '../services/admin.js';
import type { SensitiveRequest } from '../services/reauth.js';
import {
  deleteUser,
  endUserSession,
  setUserDisabled,
  updateUser,
  userSessions,
} from '../services/user-admin.js';
import { exportUsersCSV, importUsersCSV } from '../services/user-csv.js';
import { queryCount } from './admin.js';
import { jsonFields } from './body.js';
import { passwordLinkURL } from './password-reset.js';

type UserParams = { Params: { username: string } };
type SessionParams = { Params: { username: string; id: string } };
type SearchQuery = { Querystring: { q?: unknown; page?: unknown; pageSize?: unknown } };

/** The administrator's user management under `/api/admin/users`: search, changes, sessions, CSV. */
export const adminUserRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  app.addHook('preHandler', requireSession({ admin: true }));

  // The administrator's session and proof: the changes that can lock people out go through the rule.
  const sensitive = (request: FastifyRequest, reply: FastifyReply): SensitiveRequest => {
    const { code, recoveryCode, password } = request.body ? jsonFields(request) : {};
    return {
      session: signedIn(request),
      proof: { code, recoveryCode, password },
      actor: actorOf(request),
      onRenewed: renewSessionCookie(request, reply),
    };
  };

  app.get<SearchQuery>('/admin/users', async (request) => {
    const query = typeof request.query.q === 'string' ? request.query.q : undefined;
    return searchUsers(ctx, {
      query,
      page: queryCount(request.query.page, 'page'),
      pageSize: queryCount(request.query.pageSize, 'pageSize'),
    });
  });

  app.get('/admin/users.csv', async (request, reply) => {
    const csv = await exportUsersCSV(ctx, actorOf(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="users.csv"')
      .send(csv);
  });

  app.post('/admin/users/import', async (request, reply) => {
    const users = await importUsersCSV(ctx, actorOf(request), jsonFields(request).csv, passwordLinkURL(app));
    return reply.status(201).send({ users });
  });

  app.get<UserParams>('/admin/users/:username', async (request) =>
    getUserSummary(ctx, request.params.username),
  );

  app.patch<UserParams>('/admin/users/:username', async (request, reply) => {
    const { role, displayName, email } = jsonFields(request);
    await updateUser(ctx, sensitive(request, reply), request.params.username, { role, displayName, email });
    return getUserSummary(ctx, request.params.username);
  });

  app.post<UserParams>('/admin/users/:username/disable', async (request, reply) => {
    await setUserDisabled(ctx, sensitive(request, reply), request.params.username, true);
    return { status: 'ok' };
  });

  app.post<UserParams>('/admin/users/:username/enable', async (request, reply) => {
    await setUserDisabled(ctx, sensitive(request, reply), request.params.username, false);
    return { status: 'ok' };
  });

  app.delete<UserParams>('/admin/users/:username', async (request, reply) => {
    await deleteUser(ctx, sensitive(request, reply), request.params.username);
    return { status: 'ok' };
  });

  app.get<UserParams>('/admin/users/:username/sessions', async (request) => ({
    sessions: await userSessions(ctx, request.params.username),
  }));

  app.delete<UserParams>('/admin/users/:username/sessions', async (request) => {
    await endUserSession(ctx, actorOf(request), request.params.username, undefined);
    return { status: 'ok' };
  });

  app.delete<SessionParams>('/admin/users/:username/sessions/:id', async (request) => {
    await endUserSession(ctx, actorOf(request), request.params.username, request.params.id);
    return { status: 'ok' };
  });
};
