import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, renewSessionCookie, signedIn } from '../http/session-cookie.js';
import type { SensitiveRequest } from '../services/reauth.js';
import { jsonFields } from './body.js';

/**
 * A sensitive change asked for through the API: the session, what the request brings as proof
 * (`code`, `recoveryCode`, `password`, or a passkey's answer in `passkey`), who acts; a proof renews the session's cookie.
 */
export function sensitiveRequest(request: FastifyRequest, reply: FastifyReply): SensitiveRequest {
  const { code, recoveryCode, password, passkey } = jsonFields(request);
  return {
    session: signedIn(request),
    proof: { code, recoveryCode, password, passkey },
    actor: actorOf(request),
    onRenewed: renewSessionCookie(request, reply),
  };
}
