import type { ComponentChildren } from 'preact';

/**
 * A data table with a caption and column headings; rows are the children (`<tr>`; the first cell
 * of a row may be a `<th scope="row">`). Scrolls sideways on a narrow screen instead of widening
 * the page.
 */
export function Table(props: {
  caption: string;
  /** Show the caption only to screen readers when the page heading already says it. */
  captionHidden?: boolean;
  head: readonly string[];
  children: ComponentChildren;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must take keyboard focus to be scrolled (WCAG 2.1.1)
    <section class="table-wrap" tabIndex={0} aria-label={props.caption}>
      <table class="table">
        <caption class={props.captionHidden ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((label) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </section>
  );
}
