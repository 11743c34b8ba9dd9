import type { ComponentChildren } from 'preact';
import type { PageContext } from '../context.js';
import { Button, type ButtonKind } from './button.js';
import { PostForm } from './form.js';

/** What a passkey form asks the browser for: a new passkey, a sign-in, or a proof it is you. */
export type PasskeyCeremony = 'register' | 'sign-in' | 'reauthenticate';

/**
 * A form whose button opens the browser's passkey dialog (`/assets/passkeys.js`): the script asks
 * the JSON API for options, puts the browser's answer in `response` (or why there is none in
 * `failure`) and sends the form. Hidden without JavaScript or WebAuthn, where it could not work;
 * the page around it keeps working. Pages that hold one set `passkeys` on `Page`.
 */
export function PasskeyForm(props: {
  ctx: PageContext;
  action: string;
  ceremony: PasskeyCeremony;
  label: string;
  kind?: ButtonKind;
  /** Also offer the passkeys in the username field's autofill (conditional mediation). */
  autofill?: boolean;
  /** Where to prove it is you first when the API asks for it. */
  reauthenticate?: string;
  fields?: Readonly<Record<string, string>>;
  children?: ComponentChildren;
}) {
  const data: Record<string, string> = { passkey: props.ceremony };
  if (props.autofill) data['passkey-autofill'] = '';
  if (props.reauthenticate) data['passkey-reauthenticate'] = props.reauthenticate;
  return (
    <PostForm ctx={props.ctx} action={props.action} hidden data={data}>
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <input type="hidden" name="response" value="" />
      <input type="hidden" name="failure" value="" />
      {props.children}
      <Button kind={props.kind}>{props.label}</Button>
    </PostForm>
  );
}
