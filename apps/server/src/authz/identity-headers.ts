import type { FastifyReply } from 'fastify';
import type { AuthzSession } from './session.js';

/**
 * The identity the proxy copies to the app, with Authelia's header names so existing app settings
 * carry over. The service has no display names, e-mail addresses or groups yet: the name is the
 * username, the groups are the role, and Remote-Email is left out rather than invented.
 */
export function setIdentityHeaders(reply: FastifyReply, session: AuthzSession): void {
  reply.header('remote-user', session.username);
  reply.header('remote-name', session.username);
  reply.header('remote-groups', session.role);
}
