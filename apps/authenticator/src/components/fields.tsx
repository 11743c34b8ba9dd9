import type { JSX } from 'preact';

/** A labelled password input (the label is its accessible name). */
export function PasswordInput(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  autocomplete: 'current-password' | 'new-password' | 'off';
  describedBy?: string;
}): JSX.Element {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="password"
        autocomplete={props.autocomplete}
        required
        value={props.value}
        aria-describedby={props.describedBy}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
    </label>
  );
}

/** An error message announced to screen readers; nothing when there is none. */
export function ErrorLine({ text }: { text: string | null | undefined }): JSX.Element | null {
  return text ? (
    <p class="error" role="alert">
      {text}
    </p>
  ) : null;
}
