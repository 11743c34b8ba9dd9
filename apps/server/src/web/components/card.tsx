import type { ComponentChildren } from 'preact';

/**
 * A card holds one task or one group of facts, with an optional heading (h2) that names the
 * section for screen readers. `danger` outlines irreversible actions.
 */
export function Card(props: {
  title?: string;
  /** Id of the heading; defaults to none (the section is then unnamed). */
  id?: string;
  tone?: 'danger';
  children: ComponentChildren;
}) {
  const headingId = props.title && props.id ? `${props.id}-title` : undefined;
  return (
    <section
      class={props.tone === 'danger' ? 'card danger' : 'card'}
      id={props.id}
      aria-labelledby={headingId}
    >
      {props.title && <h2 id={headingId}>{props.title}</h2>}
      {props.children}
    </section>
  );
}
