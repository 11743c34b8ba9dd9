import type { KoaContextWithOIDC } from 'oidc-provider';
import { renderToString } from 'preact-render-to-string';
import { LOCALE_COOKIE, resolveLocale, translator } from '../i18n/index.js';
import { Actions, Button } from '../web/components/button.js';
import { Card } from '../web/components/card.js';
import { Layout } from '../web/components/layout.js';
import type { PageContext } from '../web/context.js';
import { ErrorPage } from '../web/pages/error.js';

// The provider answers outside Fastify (its own Koa app), so these pages set their own headers.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'; frame-ancestors 'none'";

function pageContext(koa: KoaContextWithOIDC): PageContext {
  const locale = resolveLocale(koa.cookies.get(LOCALE_COOKIE, { signed: false }), koa.get('accept-language'));
  return { locale, t: translator(locale), csrfToken: '', viewer: undefined, path: '/' };
}

function send(koa: KoaContextWithOIDC, html: string): void {
  koa.type = 'html';
  koa.set('content-security-policy', CSP);
  koa.set('x-content-type-options', 'nosniff');
  koa.set('referrer-policy', 'no-referrer');
  koa.body = `<!doctype html>${html}`;
}

/** A refused authorization or token request shown to a person (redirect URI unknown, bad client…). */
export async function renderProviderError(
  koa: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  const page = pageContext(koa);
  const description = out.error_description ?? out.error;
  const message = page.t('oidc.error.request', { description });
  send(koa, renderToString(ErrorPage({ ctx: page, message })));
}

/** RP-initiated logout: asks whether to sign out of Kakunin too (the provider's form carries its token). */
export async function renderLogoutPage(koa: KoaContextWithOIDC, form: string): Promise<void> {
  const page = pageContext(koa);
  const { t } = page;
  const app = koa.oidc.client?.clientName;
  send(
    koa,
    renderToString(
      <Layout ctx={page} title={t('oidc.logout.title')}>
        <Card>
          <p>{app ? t('oidc.logout.question', { app }) : t('oidc.logout.questionNoApp')}</p>
          {/* The provider's own form: its action and anti-forgery token. */}
          <div dangerouslySetInnerHTML={{ __html: form }} />
          <Actions>
            <Button kind="primary" form="op.logoutForm" name="logout" value="yes" autofocus>
              {t('oidc.logout.yes')}
            </Button>
            <Button form="op.logoutForm">{t('oidc.logout.no')}</Button>
          </Actions>
        </Card>
      </Layout>,
    ),
  );
}

/** Shown after a sign-out when the app gave no address to return to. */
export async function renderPostLogoutPage(koa: KoaContextWithOIDC): Promise<void> {
  const page = pageContext(koa);
  const { t } = page;
  send(
    koa,
    renderToString(
      <Layout ctx={page} title={t('oidc.loggedOut.title')}>
        <p>{t('oidc.loggedOut.body')}</p>
        <p>
          <a href="/sign-in">{t('oidc.loggedOut.signIn')}</a>
        </p>
      </Layout>,
    ),
  );
}
