import type { FastifyReply } from 'fastify';
import type { AuthzSession } from './session.js';

/**
 * The identity the proxy copies to the app, with Authelia's header names so existing app settings
 * carry over. The service has no display names, e-mail addresses or groups yet: the name is the
 * username, the groups are the role, and Remote-Email is empty rather than invented. Every header is always
 * sent: a proxy that copies them (Caddy's copy_headers) then overwrites what a client sent, and
 * Caddy 2.6 would otherwise pass its placeholder text on to the app.
 */
export function setIdentityHeaders(reply: FastifyReply, session: AuthzSession): void {
  reply.header('remote-user', session.username);
  reply.header('remote-name', session.username);
  reply.header('remote-groups', session.role);
  reply.header('remote-email', '');
}
