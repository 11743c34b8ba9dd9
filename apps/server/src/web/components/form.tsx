import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';

/** Name of the form field that carries the CSRF token (the csrf plugin's default). */
export const CSRF_FIELD = '_csrf';

/** A POST form that carries the CSRF token. */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrfToken} />
      {props.children}
    </form>
  );
}

/** A labelled text/password input. */
export function Field(props: {
  label: string;
  name: string;
  id?: string;
  type?: 'text' | 'password' | 'number';
  autocomplete?: string;
  value?: string;
  required?: boolean;
  min?: number;
  max?: number;
  autofocus?: boolean;
}) {
  const id = props.id ?? props.name;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        autocomplete={props.autocomplete}
        value={props.value}
        required={props.required ?? true}
        min={props.min}
        max={props.max}
        autofocus={props.autofocus}
        autocapitalize="off"
        spellcheck={false}
      />
    </p>
  );
}

/** The 6-digit one-time code input: numeric keyboard, one-time-code autofill, digits only. */
export function CodeField(props: { ctx: PageContext; id?: string; autofocus?: boolean }) {
  const { t } = props.ctx;
  const id = props.id ?? 'code';
  return (
    <p class="field">
      <label for={id}>{t('common.code')}</label>
      <input
        id={id}
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxlength={6}
        minlength={6}
        required
        autofocus={props.autofocus}
        aria-describedby={`${id}-hint`}
        class="code-input"
      />
      <span id={`${id}-hint`} class="hint">
        {t('common.codeHint')}
      </span>
    </p>
  );
}
