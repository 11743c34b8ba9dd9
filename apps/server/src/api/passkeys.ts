import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireSession, sessionToken, setSessionCookie, signedIn } from '../http/session-cookie.js';
import {
  addPasskey,
  listPasskeys,
  loginWithPasskey,
  passkeyRegistrationOptions,
  relyingParty,
  removePasskey,
  renamePasskey,
  secondFactorPasskeyOptions,
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
  const rp = relyingParty(app.config.publicURL, ctx.issuer);
  const fullySignedIn = { preHandler: requireSession() };
  app.get('/me/passkeys', fullySignedIn, async (request) => ({
    passkeys: await listPasskeys(ctx, signedIn(request).userId),
  }));

  app.post('/me/passkeys/options', fullySignedIn, async (request, reply) =>
    passkeyRegistrationOptions(ctx, rp, sensitiveRequest(request, reply)),
  );

  app.post('/me/passkeys', fullySignedIn, async (request, reply) => {
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

  app.post('/login/passkey/options', async (request) =>
    secondFactorPasskeyOptions(ctx, rp, { token: sessionToken(request) }),
  );

  app.post('/login/passkey', async (request, reply) => {
    const result = await loginWithPasskey(ctx, rp, {
      token: sessionToken(request),
      response: jsonFields(request).response,
      ip: request.ip,
    });
    setSessionCookie(reply, result);
    return { status: result.status };
  });
};
