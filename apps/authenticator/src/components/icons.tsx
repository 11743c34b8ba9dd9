import type { JSX } from 'preact';

/** Small inline SVG icons (decorative: the buttons carry the accessible names). */
function Icon({ d }: { d: string }): JSX.Element {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" />
    </svg>
  );
}

export const PlusIcon = (): JSX.Element => <Icon d="M11 5h2v6h6v2h-6v6h-2v-6H5v-2h6z" />;
export const LockIcon = (): JSX.Element => (
  <Icon d="M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1zm2 0h6V7a3 3 0 0 0-6 0z" />
);
export const TrashIcon = (): JSX.Element => (
  <Icon d="M9 3h6l1 1h4v2H4V4h4zm-3 5h12l-1 13H7zm4 2v9h1v-9zm3 0v9h1v-9z" />
);
export const GearIcon = (): JSX.Element => (
  <Icon d="M10.3 2h3.4l.5 2.6 1.6.7 2.2-1.5 2.4 2.4-1.5 2.2.7 1.6 2.4.5v3.4l-2.6.5-.7 1.6 1.5 2.2-2.4 2.4-2.2-1.5-1.6.7-.5 2.6h-3.4l-.5-2.6-1.6-.7-2.2 1.5-2.4-2.4 1.5-2.2-.7-1.6L2 13.7v-3.4l2.6-.5.7-1.6-1.5-2.2 2.4-2.4 2.2 1.5 1.6-.7zM12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z" />
);
const STAR = 'M12 2.5l2.9 6.1 6.6.7-4.9 4.6 1.4 6.6L12 17.2l-5.9 3.3 1.4-6.6L2.6 9.3l6.6-.7z';
const STAR_HOLE = 'M12 7.2l-1.6 3.4-3.7.4 2.8 2.6-.8 3.7 3.3-1.9 3.3 1.9-.8-3.7 2.8-2.6-3.7-.4z';

/** The favourite star: filled when pinned, an outline otherwise. */
export const StarIcon = ({ filled }: { filled: boolean }): JSX.Element => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
    <path d={filled ? STAR : `${STAR}${STAR_HOLE}`} fill="currentColor" fill-rule="evenodd" />
  </svg>
);
