import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';
import { PostForm } from './form.js';
import { Messages, type PageMessages } from './messages.js';

/** The page frame: head, header with navigation and language switch, messages, main content. */
export function Layout(props: {
  ctx: PageContext;
  title: string;
  messages?: PageMessages;
  /** Hide the navigation (while a required enrollment is pending). */
  bare?: boolean;
  children: ComponentChildren;
}) {
  const { ctx, title } = props;
  const { t, viewer } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t('app.name')}`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        {/* No favicon request (and no 404 in the console). */}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header class="site-header">
          <span class="brand">{t('app.name')}</span>
          {viewer && !props.bare && (
            <nav aria-label={t('nav.main')}>
              <a href="/account">{t('nav.account')}</a>
              {viewer.role === 'admin' && (
                <>
                  <a href="/admin/users">{t('nav.users')}</a>
                  <a href="/admin/settings">{t('nav.settings')}</a>
                  <a href="/admin/audit">{t('nav.audit')}</a>
                </>
              )}
            </nav>
          )}
          {viewer && (
            <PostForm ctx={ctx} action="/sign-out" class="sign-out">
              <span class="viewer">{viewer.username}</span>
              <button type="submit">{t('nav.signOut')}</button>
            </PostForm>
          )}
        </header>
        <main>
          <h1>{title}</h1>
          <Messages messages={props.messages} />
          {props.children}
        </main>
        <footer>
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

function languageHref(locale: string, path: string): string {
  return `/lang/${locale}?${new URLSearchParams({ next: path }).toString()}`;
}
