import { type QRMatrix, QUIET_ZONE, qrMatrix } from './matrix.js';

/**
 * An SVG document of the QR code for `text`: a white square and one stroked path, a horizontal run per
 * row of dark modules (the form `qrcode` draws and @kakunin/interop reads back). No text of the payload
 * is in it, so inserting it as markup cannot inject anything; it scales to any size.
 */
export function qrSVG(text: string | QRMatrix): string {
  const { size, dark } = typeof text === 'string' ? qrMatrix(text) : text;
  const full = size + 2 * QUIET_ZONE;
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!dark(x, y)) {
        x++;
        continue;
      }
      let run = 1;
      while (dark(x + run, y)) run++;
      path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}.5h${run}`;
      x += run;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h${full}v${full}H0z"/><path stroke="#000" d="${path}"/></svg>`;
}
