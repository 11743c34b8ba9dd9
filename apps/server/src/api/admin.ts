import type { FastifyPluginAsync } from 'fastify';
import { deleteProtectedHost, listProtectedHosts, saveProtectedHost } from '../authz/index.js';
import { AppError } from '../errors.js';
import { actorOf, requireSession } from '../http/session-cookie.js';
import { resetUserTwoFactor, unlockUser } from '../services/admin.js';
import { addUser, resetUserPassword } from '../services/new-users.js';
import { listPasskeys, removeUserPasskey } from '../services/passkeys/index.js';
import { getSettings, updateSettings, usersLosingSecondFactor } from '../services/settings.js';
import { getUser } from '../services/users.js';
import { jsonFields } from './body.js';
import { passwordLinkURL } from './password-reset.js';

type UserParams = { Params: { username: string } };
type HostParams = { Params: { host: string } };

/** The administrator's API under `/api/admin`; FORBIDDEN for everyone else. */
export const adminRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  app.addHook('preHandler', requireSession({ admin: true }));

  app.post('/admin/users', async (request, reply) => {
    const { username, password, role, email, displayName } = jsonFields(request);
    const input = { username, password, role, email, displayName };
    const user = await addUser(ctx, input, actorOf(request), passwordLinkURL(app));
    return reply.status(201).send(user);
  });

  app.put<UserParams>('/admin/users/:username/password', async (request) => {
    const { password, temporary } = jsonFields(request);
    const input = { username: request.params.username, password, temporary };
    return { status: 'ok', ...(await resetUserPassword(ctx, input, actorOf(request), passwordLinkURL(app))) };
  });

  app.delete<UserParams>('/admin/users/:username/two-factor', async (request) => {
    await resetUserTwoFactor(ctx, request.params.username, actorOf(request));
    return { status: 'ok' };
  });

  app.get<UserParams>('/admin/users/:username/passkeys', async (request) => ({
    passkeys: await listPasskeys(ctx, (await getUser(ctx, request.params.username)).id),
  }));

  app.delete<{ Params: { username: string; id: string } }>(
    '/admin/users/:username/passkeys/:id',
    async (request) => {
      const user = await getUser(ctx, request.params.username);
      const target = { userId: user.id, username: user.username, id: request.params.id };
      await removeUserPasskey(ctx, { actor: actorOf(request), ...target });
      return { status: 'ok' };
    },
  );

  app.post<UserParams>('/admin/users/:username/unlock', async (request) => {
    await unlockUser(ctx, request.params.username, actorOf(request));
    return { status: 'ok' };
  });

  app.get('/admin/protected-hosts', async () => ({ hosts: await listProtectedHosts(ctx) }));

  app.post('/admin/protected-hosts', async (request, reply) =>
    reply.status(201).send(await saveProtectedHost(ctx, jsonFields(request), actorOf(request))),
  );

  app.put<HostParams>('/admin/protected-hosts/:host', async (request) =>
    saveProtectedHost(ctx, jsonFields(request), actorOf(request), request.params.host),
  );

  app.delete<HostParams>('/admin/protected-hosts/:host', async (request) => {
    await deleteProtectedHost(ctx, request.params.host, actorOf(request));
    return { status: 'ok' };
  });

  app.get('/admin/settings', async () => getSettings(ctx));

  app.put('/admin/settings', async (request) => {
    const { confirm, ...settings } = jsonFields(request);
    // Policy "off" while users have two-factor on: only with the administrator's explicit confirmation.
    const usersWithTwoFactor = await usersLosingSecondFactor(ctx, settings);
    if (usersWithTwoFactor > 0 && confirm !== true)
      throw new AppError('CONFIRMATION_REQUIRED', { usersWithTwoFactor });
    return updateSettings(ctx, settings, actorOf(request));
  });
};

/** A whole-number query parameter, undefined when absent; BAD_REQUEST otherwise. */
export function queryCount(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
    throw new AppError('BAD_REQUEST', undefined, `${name} must be a whole number.`);
  }
  return Number(value);
}
