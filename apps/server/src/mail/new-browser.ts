import type { FastifyReply, FastifyRequest } from 'fastify';
import { rememberDevice } from '../http/device-cookie.js';
import { LOCALE_COOKIE, resolveLocale } from '../i18n/locale.js';
import type { Device } from '../services/attempts/guard.js';
import { inBackground, notify } from './notify.js';

/**
 * After a right password: gives the browser its device cookie, and — with mail — tells the person
 * when the browser had none for them (a browser not seen before), and keeps the language they use
 * for their mail.
 */
export function rememberBrowser(
  request: FastifyRequest,
  reply: FastifyReply,
  username: string,
  device: Device | undefined,
): void {
  rememberDevice(reply, username, device);
  const ctx = request.server.kakunin;
  if (!ctx.mailer) return;
  const locale = resolveLocale(request.cookies[LOCALE_COOKIE], request.headers['accept-language']);
  inBackground(ctx, 'locale', async () => {
    await ctx.db
      .updateTable('users')
      .set({ locale })
      .where('username', '=', username)
      .where((eb) => eb.or([eb('locale', 'is', null), eb('locale', '!=', locale)]))
      .execute();
    if (device?.username === username) return;
    const browser = (request.headers['user-agent'] ?? '—').slice(0, 200);
    notify(ctx, { username }, 'new_browser', { ip: request.ip, browser });
  });
}
