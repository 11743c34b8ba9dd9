import QRCode from 'qrcode';
import { encodeBitmapPNG } from './png.js';

/**
 * QR code images of a text (otpauth:// and otpauth-migration:// links) with the `qrcode` package's
 * encoder: SVG for pages, PNG files, and text for terminals. Error correction M, as authenticator
 * sign-up pages use; a 4-module quiet zone (2 in terminals, where space is short).
 */

export interface QRMatrix {
  size: number;
  dark: (x: number, y: number) => boolean;
}

/** The module matrix of a QR code for `text`. */
export function qrMatrix(text: string): QRMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  // Bounds first: the matrix is one flat array, so an out-of-range column would wrap to the next row.
  return { size, dark: (x, y) => x >= 0 && y >= 0 && x < size && y < size && Boolean(modules.get(y, x)) };
}

/** An SVG document of the QR code (scales to any size; no scripts, the text is not embedded). */
export function qrSVG(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

/** PNG bytes of the QR code, `scale` pixels per module (default 8). */
export function qrPNG(text: string, options: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 8;
  const margin = 4;
  const { size, dark } = qrMatrix(text);
  const width = (size + 2 * margin) * scale;
  return encodeBitmapPNG(width, width, (x, y) =>
    dark(Math.floor(x / scale) - margin, Math.floor(y / scale) - margin),
  );
}

/**
 * The QR code as terminal text, two modules per character row using half blocks. With `color` (default)
 * it draws black on a white ANSI background so it scans on dark and light terminals alike; without
 * (NO_COLOR) it draws light modules as blocks, which suits the usual light-on-dark terminal.
 */
export function qrTerminal(text: string, options: { color?: boolean } = {}): Promise<string> {
  const color = options.color ?? true;
  const { size, dark } = qrMatrix(text);
  const margin = 2;
  const ink = (x: number, y: number): boolean => {
    const inside = x >= 0 && y >= 0 && x < size && y < size;
    const isDark = inside && dark(x, y);
    return color ? isDark : !isDark;
  };
  const lines: string[] = [];
  for (let y = -margin; y < size + margin; y += 2) {
    let line = '';
    for (let x = -margin; x < size + margin; x++) {
      const top = ink(x, y);
      const bottom = y + 1 < size + margin && ink(x, y + 1);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(color ? `\x1b[47m\x1b[30m${line}\x1b[0m` : line);
  }
  return Promise.resolve(`${lines.join('\n')}\n`);
}
