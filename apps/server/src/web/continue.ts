import type { FastifyReply, FastifyRequest } from 'fastify';
import { forgetReturnTarget, keepReturnTarget, keptReturnTarget } from '../http/return-to.js';

/**
 * Where to go once the person is signed in, when the sign-in was started by an app (an OpenID Connect
 * interaction). Kept as the sign-in's return target (http/return-to.ts, the one place for it), so the
 * sign-in steps go straight back; only interaction paths of this service are taken here.
 */
const INTERACTION_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,128}$/;

/** Remembers the interaction to come back to after sign-in, step-up or enrollment. */
export function setContinue(reply: FastifyReply, path: string): void {
  if (!INTERACTION_PATH.test(path)) throw new RangeError('only an interaction path can be continued');
  keepReturnTarget(reply, path);
}

/** Forgets the interaction (it finished, or the person went elsewhere). */
export function clearContinue(reply: FastifyReply): void {
  const kept = keptReturnTarget(reply.request);
  if (kept !== undefined && INTERACTION_PATH.test(kept)) forgetReturnTarget(reply.request, reply);
}

/** The interaction waiting for this sign-in, taken once; undefined when there is none. */
export function takeContinue(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const kept = keptReturnTarget(request);
  if (kept === undefined || !INTERACTION_PATH.test(kept)) return undefined;
  forgetReturnTarget(request, reply);
  return kept;
}
