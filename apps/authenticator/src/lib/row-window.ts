/** Rows rendered beyond each edge of the viewport. */
export const OVERSCAN_ROWS = 10;
/** The window's edges move in steps of this many rows, so small scrolls re-render nothing. */
export const WINDOW_STEP = 10;

/** The slice `[start, end)` of a list to render. */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * Which rows of a list of `count` rows of about `rowPx` pixels each to render, when the list's top
 * edge is `listTop` pixels from the top of a viewport `viewportPx` tall (negative once scrolled past):
 * the rows on screen plus OVERSCAN_ROWS on each side, edges rounded out to WINDOW_STEP.
 */
export function rowWindow(count: number, rowPx: number, listTop: number, viewportPx: number): RowWindow {
  const pitch = Math.max(1, rowPx);
  const first = Math.floor(Math.max(0, -listTop) / pitch) - OVERSCAN_ROWS;
  const last = Math.ceil((viewportPx - listTop) / pitch) + OVERSCAN_ROWS;
  const end = Math.min(count, Math.max(0, Math.ceil(last / WINDOW_STEP) * WINDOW_STEP));
  // Scrolled beyond a list that just got shorter: the last screenful, until the page catches up.
  const start = Math.min(Math.max(0, first), Math.max(0, end - (last - first)));
  return { start: Math.floor(start / WINDOW_STEP) * WINDOW_STEP, end };
}
