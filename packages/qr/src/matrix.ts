/// <reference path="./qrcode-core.d.ts" />
import { create } from 'qrcode/lib/core/qrcode.js';

/** A QR code's modules: `dark(x, y)` is false outside the code (the quiet zone is the renderers'). */
export interface QRMatrix {
  size: number;
  dark: (x: number, y: number) => boolean;
}

/**
 * The module matrix of a QR code for `text`, error correction M (as authenticator sign-up pages use),
 * from the `qrcode` package's encoder core alone — its renderers are not loaded (docs/adr/0013).
 * Throws RangeError when the text does not fit in a QR code.
 */
export function qrMatrix(text: string): QRMatrix {
  let modules: { size: number; data: Uint8Array };
  try {
    modules = create(text, { errorCorrectionLevel: 'M' }).modules;
  } catch (error) {
    throw new RangeError(`text of ${text.length} characters does not fit in a QR code`, { cause: error });
  }
  const { size, data } = modules;
  // Bounds first: the matrix is one flat array, so an out-of-range column would wrap to the next row.
  return { size, dark: (x, y) => x >= 0 && y >= 0 && x < size && y < size && data[y * size + x] === 1 };
}

/** Quiet zone around a printed or displayed code, in modules. @see ISO/IEC 18004:2015 §9.1 */
export const QUIET_ZONE = 4;
