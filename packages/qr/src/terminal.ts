import { type QRMatrix, qrMatrix } from './matrix.js';

/** Quiet zone in terminals, in modules: narrower than on paper, where space is short. */
const TERMINAL_MARGIN = 2;

/**
 * The QR code as terminal text, two modules per character row using half blocks. With `color` (default)
 * it draws black on a white ANSI background so it scans on dark and light terminals alike; without
 * (NO_COLOR) it draws light modules as blocks, which suits the usual light-on-dark terminal.
 */
export function qrTerminal(text: string | QRMatrix, options: { color?: boolean } = {}): string {
  const color = options.color ?? true;
  const { size, dark } = typeof text === 'string' ? qrMatrix(text) : text;
  const margin = TERMINAL_MARGIN;
  const ink = (x: number, y: number): boolean => (color ? dark(x, y) : !dark(x, y));
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
  return `${lines.join('\n')}\n`;
}
