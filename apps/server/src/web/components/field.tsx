import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';

/**
 * Label, hint and error above one control, tied together with `aria-describedby` (hint first, then
 * the error) so a screen reader reads all three. The error is prefixed with a visually hidden
 * "Error:" and the field is marked invalid.
 */
function FieldFrame(props: {
  ctx: PageContext;
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: (describedBy: string | undefined) => ComponentChildren;
}) {
  const { id, hint, error } = props;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{props.ctx.t('errors.prefix')}</span>
          {error}
        </span>
      )}
      {props.children(describedBy)}
    </div>
  );
}

/** A labelled text, email, password, number or date input with an optional hint and error. */
export function Field(props: {
  ctx: PageContext;
  label: string;
  name: string;
  id?: string;
  hint?: string | undefined;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'number' | 'date';
  autocomplete?: string;
  value?: string | undefined;
  required?: boolean;
  min?: number;
  max?: number;
  /** `short` for numbers and codes; text fields take the card's width. */
  width?: 'short';
  autofocus?: boolean;
}) {
  const id = props.id ?? props.name;
  const numeric = props.type === 'number';
  return (
    <FieldFrame ctx={props.ctx} id={id} label={props.label} hint={props.hint} error={props.error}>
      {(describedBy) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          inputMode={numeric ? 'numeric' : undefined}
          autocomplete={props.autocomplete}
          value={props.value}
          required={props.required ?? true}
          min={props.min}
          max={props.max}
          class={props.width}
          autofocus={props.autofocus && !props.error}
          autocapitalize="off"
          spellcheck={false}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
        />
      )}
    </FieldFrame>
  );
}

/** A labelled multi-line text box (pasted CSV, notes). */
export function TextArea(props: {
  ctx: PageContext;
  label: string;
  name: string;
  id?: string;
  hint?: string | undefined;
  error?: string | undefined;
  value?: string | undefined;
  rows?: number;
}) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame ctx={props.ctx} id={id} label={props.label} hint={props.hint} error={props.error}>
      {(describedBy) => (
        <textarea
          id={id}
          name={props.name}
          rows={props.rows ?? 6}
          spellcheck={false}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
        >
          {props.value ?? ''}
        </textarea>
      )}
    </FieldFrame>
  );
}

/**
 * The one-time code input: numeric keyboard and one-time-code autofill. It takes the code as
 * authenticators show it (`123 456`, full-width digits); the server normalises it, so the field
 * must not cut a pasted code short.
 */
export function CodeField(props: {
  ctx: PageContext;
  id?: string;
  error?: string | undefined;
  autofocus?: boolean;
  /** False beside a change that needs the code only when the person has not signed in a moment ago. */
  required?: boolean;
}) {
  const { t } = props.ctx;
  const id = props.id ?? 'code';
  return (
    <FieldFrame
      ctx={props.ctx}
      id={id}
      label={t('common.code')}
      hint={t('common.codeHint')}
      error={props.error}
    >
      {(describedBy) => (
        <input
          id={id}
          name="code"
          type="text"
          inputMode="numeric"
          autocomplete="one-time-code"
          pattern="\s*([0-9０-９]\s*){6}"
          maxLength={32}
          required={props.required ?? true}
          autofocus={props.autofocus && !props.error}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
          class="code-input"
          spellcheck={false}
        />
      )}
    </FieldFrame>
  );
}

/** A labelled drop-down list. */
export function SelectField(props: {
  ctx: PageContext;
  label: string;
  name: string;
  id?: string;
  hint?: string;
  error?: string | undefined;
  options: readonly { value: string; label: string }[];
  value?: string;
}) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame ctx={props.ctx} id={id} label={props.label} hint={props.hint} error={props.error}>
      {(describedBy) => (
        <select id={id} name={props.name} aria-describedby={describedBy}>
          {props.options.map((option) => (
            <option key={option.value} value={option.value} selected={option.value === props.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** One radio button or checkbox of a Choices group. */
export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/**
 * A group of radio buttons (one answer) or checkboxes (any number) under one question (the legend),
 * each option with its hint aligned under its label.
 */
export function Choices(props: {
  legend: string;
  name: string;
  type?: 'radio' | 'checkbox';
  options: readonly Choice[];
  /** The checked values. */
  checked: readonly string[];
  hint?: string;
  /** Checkboxes each under a name of their own (`name-value`), for forms that read them one by one. */
  namePerOption?: boolean;
}) {
  const type = props.type ?? 'radio';
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  return (
    <fieldset class="field" aria-describedby={hintId}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {props.options.map((option) => {
        const id = `${props.name}-${option.value}`;
        return (
          <div class="option" key={option.value}>
            <input
              type={type}
              name={props.namePerOption ? id : props.name}
              id={id}
              value={option.value}
              checked={props.checked.includes(option.value)}
              aria-describedby={option.hint ? `${id}-hint` : undefined}
            />
            <label for={id}>{option.label}</label>
            {option.hint && (
              <span class="hint" id={`${id}-hint`}>
                {option.hint}
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** One checkbox on its own (a yes/no setting), its label beside it and an optional hint under it. */
export function Checkbox(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  checked: boolean | undefined;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <p class="choice">
      <input
        type="checkbox"
        id={props.id}
        name={props.name}
        checked={props.checked}
        aria-describedby={hintId}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
    </p>
  );
}
