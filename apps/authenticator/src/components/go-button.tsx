import type { ComponentChildren, JSX } from 'preact';
import { type Screen, useApp } from '../app-context.js';

/** A button that opens another screen: Back, Cancel, and the ways to add an account. */
export function GoButton(props: { to: Screen; class?: string; children: ComponentChildren }): JSX.Element {
  const app = useApp();
  return (
    <button type="button" class={props.class} onClick={() => app.go(props.to)}>
      {props.children}
    </button>
  );
}
