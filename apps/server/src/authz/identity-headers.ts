import type { FastifyReply } from 'fastify';
import type { AuthzSession } from './session.js';

/**
 * The identity the proxy copies to the app, with Authelia's header names so existing app settings
 * carry over: the display name (the username when there is none), the e-mail address (empty when
 * unknown rather than invented), and the role as the groups until the service has groups. Every
 * header is always sent: a proxy that copies them (Caddy's copy_headers) then overwrites what a client
 * sent, and Caddy 2.6 would otherwise pass its placeholder text on to the app.
 */
export function setIdentityHeaders(reply: FastifyReply, session: AuthzSession): void {
  reply.header('remote-user', session.username);
  reply.header('remote-name', headerText(session.displayName || session.username));
  reply.header('remote-groups', session.role);
  reply.header('remote-email', headerText(session.email ?? ''));
}

const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/**
 * A name as header bytes: its UTF-8 encoding (what Authelia sends; a Japanese name arrives as UTF-8),
 * without control characters, which no header may carry.
 */
export function headerText(text: string): string {
  // Most names are printable ASCII, the same bytes either way.
  if (PRINTABLE_ASCII.test(text)) return text;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '');
  return Buffer.from(printable, 'utf8').toString('latin1');
}
