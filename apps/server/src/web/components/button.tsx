import type { ComponentChildren } from 'preact';

/** Primary: the one thing the page is for. Secondary: the others. Danger: cannot be undone. */
export type ButtonKind = 'primary' | 'secondary' | 'danger';

const classOf = (kind: ButtonKind | undefined) =>
  kind && kind !== 'secondary' ? `button ${kind}` : 'button';

/** A form button (submit by default). */
export function Button(props: {
  kind?: ButtonKind;
  type?: 'submit' | 'button';
  name?: string;
  value?: string;
  id?: string;
  /** The id of the form it submits, when it stands outside that form. */
  form?: string;
  autofocus?: boolean;
  children: ComponentChildren;
}) {
  return (
    <button
      type={props.type ?? 'submit'}
      class={classOf(props.kind)}
      name={props.name}
      value={props.value}
      id={props.id}
      form={props.form}
      autofocus={props.autofocus}
    >
      {props.children}
    </button>
  );
}

/** A link that looks like a button: for going somewhere (a confirmation step, "Done"). */
export function ButtonLink(props: { href: string; kind?: ButtonKind; children: ComponentChildren }) {
  return (
    <a href={props.href} class={classOf(props.kind)}>
      {props.children}
    </a>
  );
}

/** A row of buttons and links below a form. */
export function Actions({ children }: { children: ComponentChildren }) {
  return <div class="actions">{children}</div>;
}
