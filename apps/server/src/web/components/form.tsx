import { randomBytes } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';

/** Name of the form field that carries the CSRF token (the csrf plugin's default). */
export const CSRF_FIELD = '_csrf';

/**
 * Name of the field that carries the form's single-use submission token: a second submit of the same
 * rendered form (a double click, a resend after a timeout) gets the first submit's result, not a
 * second action. See `web/submission.ts`.
 */
export const SUBMISSION_FIELD = '_submission';

/** A fresh submission token for one rendered form (144 random bits). */
export function submissionToken(): string {
  return randomBytes(18).toString('base64url');
}

/** A POST form that carries the CSRF token and a single-use submission token. */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  class?: string;
  /** An accessible name when a page has several forms. */
  label?: string;
  /** Hidden until a script shows it (a form that only works with the script). */
  hidden?: boolean;
  /** `data-*` attributes a page script reads (names without `data-`). */
  data?: Readonly<Record<string, string>>;
  children: ComponentChildren;
}) {
  const data = Object.fromEntries(
    Object.entries(props.data ?? {}).map(([name, value]) => [`data-${name}`, value]),
  );
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      aria-label={props.label}
      hidden={props.hidden}
      {...data}
    >
      <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrfToken} />
      <input type="hidden" name={SUBMISSION_FIELD} value={submissionToken()} />
      {props.children}
    </form>
  );
}
