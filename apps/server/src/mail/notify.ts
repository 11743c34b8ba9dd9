import { toLocale } from '../i18n/locale.js';
import type { ServiceContext } from '../services/context.js';
import { mailText, type Notice } from './texts.js';

/** Sends one message; rejects when the mail server refuses it or cannot be reached. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** Whom a notice is about: a user by id or by (normalised) name. */
export type Recipient = { userId: number } | { username: string };

/**
 * Mails a notice to the person in their language, if mail is configured and they have an address.
 * Returns at once: the request that caused it never waits for the mail server nor fails with it;
 * a failure is reported as the `mail.failed` event (logged by the service).
 */
export function notify(
  ctx: ServiceContext,
  recipient: Recipient,
  notice: Notice,
  params: Readonly<Record<string, string | number>> = {},
): void {
  const mailer = ctx.mailer;
  if (!mailer) return;
  const time = new Date(ctx.now()).toISOString();
  inBackground(ctx, notice, () => deliver(ctx, mailer, recipient, notice, { time, ...params }));
}

/**
 * Runs mail work after the answer: never awaited by the request, failures reported as the
 * `mail.failed` event; `ctx.mailQueue` holds it until it settles (shutdown and tests wait for it).
 */
export function inBackground(ctx: ServiceContext, label: string, work: () => Promise<void>): void {
  const running = Promise.resolve()
    .then(work)
    .catch((error: unknown) => {
      ctx.events.emit('mail.failed', error, label);
    })
    .finally(() => ctx.mailQueue.delete(running));
  ctx.mailQueue.add(running);
}

async function deliver(
  ctx: ServiceContext,
  mailer: Mailer,
  recipient: Recipient,
  notice: Notice,
  params: Readonly<Record<string, string | number>>,
): Promise<void> {
  let query = ctx.db.selectFrom('users').select(['email', 'locale']);
  query =
    'userId' in recipient
      ? query.where('id', '=', recipient.userId)
      : query.where('username', '=', recipient.username);
  const user = await query.executeTakeFirst();
  if (!user?.email) return;
  const locale = toLocale(user.locale ?? undefined) ?? 'en';
  await mailer.send({ to: user.email, ...mailText(locale, notice, { service: ctx.issuer, ...params }) });
  ctx.events.emit('mail.sent', notice);
}
