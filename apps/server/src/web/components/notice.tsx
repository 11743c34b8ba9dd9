import type { ComponentChildren } from 'preact';

/** How a notice reads: a confirmation (success), neutral information, a caution, or a failure. */
export type NoticeKind = 'success' | 'info' | 'warning' | 'error';

/**
 * A short message above a page's content. Success and info are announced politely (status);
 * warnings and errors interrupt (alert).
 */
export function Notice(props: { kind?: NoticeKind; title?: string; children: ComponentChildren }) {
  const kind = props.kind ?? 'success';
  const urgent = kind === 'error' || kind === 'warning';
  return (
    <div class={kind === 'success' ? 'notice' : `notice ${kind}`} role={urgent ? 'alert' : 'status'}>
      {props.title && <h2>{props.title}</h2>}
      {typeof props.children === 'string' ? <p>{props.children}</p> : props.children}
    </div>
  );
}
