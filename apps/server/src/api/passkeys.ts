import type { FastifyPluginAsync } from 'fastify';
import { signInPasskeyOptions, signInWithPasskeyAnswer } from '../http/passkey-cookie.js';
import { actorOf, requireSession, setSessionCookie, signedIn } from '../http/session-cookie.js';
import {
  addPasskey,
  listPasskeys,
  passkeyRegistrationOptions,
  reauthenticationPasskeyOptions,
  removePasskey,
  renamePasskey,
} from '../services/passkeys/index.js';
import { jsonFields } from './body.js';
import { sensitiveRequest } from './sensitive.js';

/**
 * Passkeys and security keys: the person's own under `/api/me/passkeys`, and the second factor at
 * sign-in under `/api/login/passkey`. Options are what the browser's WebAuthn call takes; answers are
 * its JSON as @simplewebauthn/browser returns it.
 */
export const passkeyRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  const rp = ctx.relyingParty;
  const fullySignedIn = { preHandler: requireSession() };
  // Made to register a second factor first: a passkey does as well as an authenticator app.
  const signedInOrEnrolling = { preHandler: requireSession({ allowEnrollment: true }) };
  app.get('/me/passkeys', fullySignedIn, async (request) => ({
    passkeys: await listPasskeys(ctx, signedIn(request).userId),
  }));

  app.post('/me/passkeys/options', signedInOrEnrolling, async (request, reply) =>
    passkeyRegistrationOptions(ctx, rp, sensitiveRequest(request, reply)),
  );

  app.post('/me/passkeys', signedInOrEnrolling, async (request, reply) => {
    const { response, name } = jsonFields(request);
    const added = await addPasskey(ctx, rp, { ...sensitiveRequest(request, reply), response, name });
    return reply.code(201).send(added);
  });

  app.patch<{ Params: { id: string } }>('/me/passkeys/:id', fullySignedIn, async (request) => {
    const session = signedIn(request);
    await renamePasskey(ctx, {
      session,
      actor: actorOf(request),
      id: request.params.id,
      name: jsonFields(request).name,
    });
    return { status: 'ok' };
  });

  app.delete<{ Params: { id: string } }>('/me/passkeys/:id', fullySignedIn, async (request, reply) => {
    await removePasskey(ctx, { ...sensitiveRequest(request, reply), id: request.params.id });
    return { status: 'ok' };
  });

  // Options for proving it is you with a passkey before a sensitive change (then `passkey` in the proof).
  app.post('/me/reauthenticate/passkey/options', fullySignedIn, async (request) =>
    reauthenticationPasskeyOptions(ctx, signedIn(request)),
  );

  // The second factor after the password, or (with no sign-in under way) a sign-in without a password.
  app.post('/login/passkey/options', async (request, reply) => signInPasskeyOptions(request, reply));

  app.post('/login/passkey', async (request, reply) => {
    const result = await signInWithPasskeyAnswer(request, reply, jsonFields(request).response);
    setSessionCookie(reply, result);
    return { status: result.status };
  });
};
