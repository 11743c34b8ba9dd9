import type { Locale, Translate } from '../i18n/index.js';

/** Who is signed in, as far as the pages need to know. */
export interface Viewer {
  username: string;
  role: 'admin' | 'user';
}

/** Everything a page needs besides its own data: language, CSRF token, viewer, current path. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  csrfToken: string;
  viewer: Viewer | undefined;
  /** Path of the current page, for the language switch to come back to. */
  path: string;
  /** Time zone for the times on the page (the browser's, else the service's); UTC when absent. */
  timeZone?: string;
  /** Whether the service sends mail (the forgotten-password link is offered only then). */
  mailEnabled?: boolean;
}
