import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireSession, signedIn } from '../http/session-cookie.js';
import { createAPIToken, listAPITokens, revokeAPIToken } from '../services/api-tokens.js';
import { requireReauthentication } from '../services/reauth.js';
import { jsonFields } from './body.js';

type TokenParams = { Params: { id: string } };

/** `/api/admin/tokens`: the administrator's API tokens, from a signed-in session only. */
export const tokenRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.kakunin;
  app.addHook('preHandler', requireSession({ admin: true }));

  app.get('/admin/tokens', async () => ({
    tokens: (await listAPITokens(ctx)).map((token) => ({
      ...token,
      createdAt: iso(token.createdAt),
      lastUsedAt: iso(token.lastUsedAt),
      revokedAt: iso(token.revokedAt),
    })),
  }));

  // A token can do what its administrator can: creating one is a sensitive change.
  app.post('/admin/tokens', async (request, reply) => {
    const { name, scope, code, recoveryCode, password } = jsonFields(request);
    const session = signedIn(request);
    const actor = actorOf(request);
    await requireReauthentication(
      ctx,
      { session, proof: { code, recoveryCode, password }, actor },
      'api_token',
    );
    const created = await createAPIToken(ctx, { name, scope }, session, actor);
    return reply.status(201).send(created);
  });

  app.delete<TokenParams>('/admin/tokens/:id', async (request) => {
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : -1;
    await revokeAPIToken(ctx, id, actorOf(request));
    return { status: 'revoked' };
  });
};

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
