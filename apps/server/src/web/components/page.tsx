import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';
import { ErrorSummary } from './error-summary.js';
import { PostForm } from './form.js';
import { hasErrors, type PageMessages } from './messages.js';
import { Notice } from './notice.js';

/** Column width: `narrow` for a single short form (sign-in), `wide` for tables. */
export type PageWidth = 'narrow' | 'normal' | 'wide';

/**
 * The page frame every page uses: head, header with navigation and sign-out, the title (h1), the
 * confirmation notice and the error summary, the content, and the language switch.
 */
export function Page(props: {
  ctx: PageContext;
  title: string;
  messages?: PageMessages | undefined;
  width?: PageWidth;
  /** Hide the navigation (while a required enrollment is pending). */
  bare?: boolean;
  /** The page holds a passkey form: load the WebAuthn script. */
  passkeys?: boolean;
  children: ComponentChildren;
}) {
  const { ctx, title, messages } = props;
  const { t, viewer } = ctx;
  const documentTitle = `${hasErrors(messages) ? t('errors.titlePrefix') : ''}${title} — ${t('app.name')}`;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{documentTitle}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        {/* No favicon request (and no 404 in the console). */}
        <link rel="icon" href="data:," />
        <script src="/assets/page.js" defer />
        {props.passkeys && <script src="/assets/webauthn.js" defer />}
        {props.passkeys && <script src="/assets/passkeys.js" defer />}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {viewer && !props.bare && (
            <nav aria-label={t('nav.main')} class="site-nav">
              <NavLink ctx={ctx} href="/account" label={t('nav.account')} />
              {viewer.role === 'admin' && (
                <>
                  <NavLink ctx={ctx} href="/admin/users" label={t('nav.users')} />
                  <NavLink ctx={ctx} href="/admin/apps" label={t('nav.apps')} />
                  <NavLink ctx={ctx} href="/admin/protected-hosts" label={t('nav.protectedHosts')} />
                  <NavLink ctx={ctx} href="/admin/settings" label={t('nav.settings')} />
                  <NavLink ctx={ctx} href="/admin/audit" label={t('nav.audit')} />
                  <NavLink ctx={ctx} href="/admin/tokens" label={t('nav.tokens')} />
                </>
              )}
            </nav>
          )}
          {viewer && (
            <PostForm ctx={ctx} action="/sign-out" class="sign-out">
              <span class="viewer">{viewer.username}</span>
              <button type="submit" class="button">
                {t('nav.signOut')}
              </button>
            </PostForm>
          )}
        </header>
        <main id="main" class={props.width && props.width !== 'normal' ? props.width : undefined}>
          <h1>{title}</h1>
          {messages?.notice && <Notice>{messages.notice}</Notice>}
          <ErrorSummary t={t} messages={messages} />
          {props.children}
        </main>
        <footer class="site-footer">
          <nav aria-label={t('lang.label')} class="lang-switch">
            <a
              href={languageHref('en', ctx.path)}
              lang="en"
              aria-current={ctx.locale === 'en' ? 'true' : undefined}
            >
              English
            </a>
            <a
              href={languageHref('ja', ctx.path)}
              lang="ja"
              aria-current={ctx.locale === 'ja' ? 'true' : undefined}
            >
              日本語
            </a>
          </nav>
        </footer>
      </body>
    </html>
  );
}

function NavLink({ ctx, href, label }: { ctx: PageContext; href: string; label: string }) {
  const current = ctx.path === href || ctx.path.startsWith(`${href}/`) || ctx.path.startsWith(`${href}?`);
  return (
    <a href={href} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
}

function languageHref(locale: string, path: string): string {
  return `/lang/${locale}?${new URLSearchParams({ next: path }).toString()}`;
}
