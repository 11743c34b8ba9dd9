import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionResults } from 'oidc-provider';
import { AppError } from '../errors.js';
import { clearSessionCookie, loadSession, sessionToken } from '../http/session-cookie.js';
import { recordAudit } from '../services/audit.js';
import { hasPasskey } from '../services/passkeys/index.js';
import { hasSecondFactor } from '../services/reauth.js';
import { endSession } from '../services/sessions.js';
import { allowContinueInFormAction, clearContinue, setContinue } from '../web/continue.js';
import { formFields } from '../web/form-body.js';
import { pageContext } from '../web/page-context.js';
import { ErrorPage } from '../web/pages/error.js';
import { sendPage } from '../web/render.js';
import { subjectFor } from './account.js';
import { findApp } from './apps.js';
import { ACR, meets, requiredACR, sessionAuthentication } from './assurance.js';
import { ConsentPage } from './consent-page.js';
import { PasskeyRequiredPage } from './passkey-required-page.js';
import { awaitSecondFactor } from './step-up.js';

type Params = { Params: { uid: string } };

/**
 * The login and consent steps of an app's sign-in. The login IS Kakunin's own sign-in: this route sends
 * the person through the sign-in pages (password, code or recovery code, enrollment when required) and
 * comes back here, where the finished Kakunin session becomes the app's login.
 */
export function registerInteractions(app: FastifyInstance): void {
  const ctx = app.kakunin;

  app.get<Params>('/interaction/:uid', async (request, reply) => {
    const details = await interactionDetails(request, reply);
    if (!details) return interactionGone(request, reply);
    const path = `/interaction/${details.uid}`;
    // The provider checked redirect_uri against the app's registered ones before this interaction.
    const appOrigin = new URL(String(details.params.redirect_uri)).origin;
    const clientId = String(details.params.client_id ?? '');
    const client = await findApp(ctx, clientId);
    if (details.prompt.name === 'consent') {
      const page = await pageContext(request, reply, path);
      const scopes = String(details.params.scope ?? 'openid').split(' ');
      allowContinueInFormAction(request, reply, appOrigin);
      return sendPage(
        reply,
        ConsentPage({ ctx: page, app: client?.name ?? clientId, scopes, action: `${path}/consent` }),
      );
    }

    const session = await loadSession(request);
    const auth = session?.stage === 'full' ? sessionAuthentication(session) : undefined;
    // prompt=login, or a max_age the sign-in is older than: a fresh sign-in, made after this request.
    const maxAge = details.params.max_age === undefined ? undefined : Number(details.params.max_age);
    const wantsFresh =
      details.prompt.reasons.includes('login_prompt') ||
      (auth !== undefined && maxAge !== undefined && ctx.now() - auth.authTime > maxAge * 1000);
    const stale = auth !== undefined && wantsFresh && auth.authTime < (details.iat ?? 0) * 1000;
    if (!session || !auth || stale) {
      if (session && (stale || session.stage === 'full')) {
        await endSession(ctx, sessionToken(request));
        clearSessionCookie(reply);
      }
      setContinue(reply, path, appOrigin);
      const next =
        session?.stage === 'second_factor' && !stale
          ? '/sign-in/code'
          : session?.stage === 'enrollment' && !stale
            ? '/account/two-factor/enroll'
            : '/sign-in';
      return reply.redirect(next, 303);
    }

    const need = requiredACR(client, details.params.acr_values);
    if (!meets(auth.acr, need)) {
      setContinue(reply, path, appOrigin);
      if (need === ACR.phishingResistant) {
        // Neither a code nor a new registration can reach this level: the page says so and offers
        // the person's passkey, or tells them to add one.
        const withPasskey = await hasPasskey(ctx, session.userId);
        const page = await pageContext(request, reply, path);
        const app = client?.name ?? clientId;
        const action = `${path}/passkey`;
        return sendPage(
          reply,
          PasskeyRequiredPage({ ctx: page, app, hasPasskey: withPasskey, action }),
          withPasskey ? 200 : 403,
        );
      }
      // A security key without user verification and a code are both possession: no code adds the
      // missing kind of factor, so the person signs in again, with the password.
      if (!session.amr.includes('pwd')) {
        await endSession(ctx, sessionToken(request));
        clearSessionCookie(reply);
        return reply.redirect('/sign-in', 303);
      }
      // Step-up: the second factor (a code or a passkey) for a person who has one, registration for
      // one who has none (then the code, which the registration cannot stand in for).
      if (await hasSecondFactor(ctx, session.userId)) {
        await awaitSecondFactor(ctx, session);
        return reply.redirect('/sign-in/code', 303);
      }
      return reply.redirect('/account/two-factor/enroll', 303);
    }

    const accountId = await subjectFor(ctx, session.userId);
    await recordAudit(ctx, {
      event: 'app.sign_in',
      actor: { username: session.username, ip: request.ip },
      target: session.username,
      details: { app: clientId, acr: auth.acr, amr: auth.amr },
    });
    clearContinue(reply);
    return finish(request, reply, {
      login: {
        accountId,
        acr: auth.acr,
        amr: auth.amr,
        ts: Math.floor(auth.authTime / 1000),
        remember: true,
      },
    });
  });

  // "Use my passkey" on the passkey-required page: the session waits for a second factor again, and
  // the sign-in's second step (where the passkey is offered) comes back here.
  app.post<Params>('/interaction/:uid/passkey', async (request, reply) => {
    const details = await interactionDetails(request, reply);
    if (!details) return interactionGone(request, reply);
    const session = await loadSession(request);
    const path = `/interaction/${details.uid}`;
    if (session?.stage !== 'full' || !(await hasPasskey(ctx, session.userId)))
      return reply.redirect(path, 303);
    await awaitSecondFactor(ctx, session);
    setContinue(reply, path, new URL(String(details.params.redirect_uri)).origin);
    return reply.redirect('/sign-in/code', 303);
  });

  app.post<Params>('/interaction/:uid/consent', async (request, reply) => {
    const provider = app.oidc.provider();
    const details = await interactionDetails(request, reply);
    if (!details) return interactionGone(request, reply);
    if (details.prompt.name !== 'consent' || !details.session) throw new AppError('NOT_FOUND');
    if (formFields(request).decision !== 'allow') {
      return finish(request, reply, {
        error: 'access_denied',
        error_description: 'The person did not allow the app.',
      });
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: details.session.accountId,
          clientId: String(details.params.client_id),
        });
    if (!grant) throw new AppError('NOT_FOUND');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return finish(request, reply, { consent: { grantId } });
  });

  async function interactionDetails(request: FastifyRequest<Params>, reply: FastifyReply) {
    try {
      return await app.oidc.provider().interactionDetails(request.raw, reply.raw);
    } catch {
      // Expired, already finished, or opened in another browser: the app has to start again.
      return undefined;
    }
  }

  async function interactionGone(request: FastifyRequest, reply: FastifyReply) {
    clearContinue(reply);
    const page = await pageContext(request, reply, '/');
    return sendPage(reply, ErrorPage({ ctx: page, message: page.t('oidc.error.interaction') }), 400);
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, result: InteractionResults) {
    const target = await app.oidc
      .provider()
      .interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
    return reply.redirect(target, 303);
  }
}
