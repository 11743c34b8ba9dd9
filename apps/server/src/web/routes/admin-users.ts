import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { passwordLinkURL } from '../../api/password-reset.js';
import { AppError } from '../../errors.js';
import { actorOf, renewSessionCookie } from '../../http/session-cookie.js';
import { getUserSummary } from '../../services/admin.js';
import { deleteUser } from '../../services/user-admin.js';
import { type CSVLineError, exportUsersCSV, importUsersCSV } from '../../services/user-csv.js';
import { CONFIRM_FIELD } from '../components/confirm.js';
import { errorText } from '../error-text.js';
import { formFields } from '../form-body.js';
import { guarded, pageSession } from '../guard.js';
import { pageContext } from '../page-context.js';
import { AdminDeleteUserPage, AdminImportPage } from '../pages/admin-user-manage.js';
import { userPath } from '../pages/admin-users.js';
import { sendPage } from '../render.js';

type UserRoute = { Params: { username: string } };

/** The administrator's CSV export and import, and deleting a user (through its confirmation step). */
export function registerAdminUsers(app: FastifyInstance): void {
  const ctx = app.kakunin;
  const admin = guarded('admin');

  app.get('/admin/users.csv', admin, async (request, reply) => {
    const csv = await exportUsersCSV(ctx, actorOf(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="users.csv"')
      .send(csv);
  });

  app.get('/admin/users/import', admin, async (request, reply) => {
    const page = await pageContext(request, reply);
    return sendPage(reply, AdminImportPage({ ctx: page }));
  });

  app.post('/admin/users/import', admin, async (request, reply) => {
    const { csv } = formFields(request);
    const page = await pageContext(request, reply, '/admin/users/import');
    try {
      const imported = await importUsersCSV(ctx, actorOf(request), csv, passwordLinkURL(app));
      return sendPage(reply, AdminImportPage({ ctx: page, imported }), 201);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const lineErrors = error.code === 'INVALID_CSV' ? (error.details?.errors as CSVLineError[]) : undefined;
      const messages = { error: errorText(page.t, error) };
      return sendPage(reply, AdminImportPage({ ctx: page, csv, lineErrors, messages }), error.status);
    }
  });

  async function deleteConfirmation(
    request: FastifyRequest<UserRoute>,
    reply: FastifyReply,
    error?: AppError,
  ) {
    const user = await getUserSummary(ctx, request.params.username);
    const page = await pageContext(request, reply, `${userPath(user.username)}/delete`);
    const messages = error ? { error: errorText(page.t, error) } : undefined;
    return sendPage(
      reply,
      AdminDeleteUserPage({ ctx: page, username: user.username, ...(messages ? { messages } : {}) }),
      error?.status,
    );
  }

  app.get<UserRoute>('/admin/users/:username/delete', admin, deleteConfirmation);
  app.post<UserRoute>('/admin/users/:username/delete', admin, async (request, reply) => {
    if (formFields(request)[CONFIRM_FIELD] !== 'yes') return deleteConfirmation(request, reply);
    try {
      const asking = {
        session: pageSession(request),
        actor: actorOf(request),
        onRenewed: renewSessionCookie(request, reply),
      };
      await deleteUser(ctx, asking, request.params.username);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'USER_NOT_FOUND') throw error;
      if (error.code === 'REAUTHENTICATION_REQUIRED') {
        const next = `${userPath(request.params.username)}/delete`;
        return reply.redirect(`/account/confirm?next=${encodeURIComponent(next)}`, 303);
      }
      return deleteConfirmation(request, reply, error);
    }
    return reply.redirect('/admin/users?notice=user-deleted', 303);
  });
}
