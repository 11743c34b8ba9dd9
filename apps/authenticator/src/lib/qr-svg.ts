import { create } from 'qrcode/lib/core/qrcode';

/** Quiet zone around the code, in modules (4, as ISO/IEC 18004 asks). */
const MARGIN = 4;

/**
 * An SVG document of the QR code for `text` (error correction M, as authenticator sign-up pages
 * use). Drawn from the module matrix of the `qrcode` package's encoder core only (not its renderers,
 * which the app does not need): one rectangle per run of dark modules, and no text from the payload,
 * so inserting it as markup cannot inject anything. Throws when the text does not fit in a QR code.
 */
export function qrSVG(text: string): string {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  const full = size + 2 * MARGIN;
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && data[y * size + x + run]) run++;
      path += `M${x + MARGIN} ${y + MARGIN}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h${full}v${full}H0z"/><path fill="#000" d="${path}"/></svg>`;
}
