import { crc32, inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { encodeRGBPNG, qrMatrix, qrPNG, qrSVG, qrTerminal } from '../src/index.js';

const ESC_WHITE_BLACK = '\x1b[47m\x1b[30m';
const ESC_RESET = '\x1b[0m';
const TEXT = 'otpauth://totp/Ex:alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex&x=<script>';

/** The dark modules of a matrix as "x,y" strings. */
function modules(size: number, dark: (x: number, y: number) => boolean): Set<string> {
  const set = new Set<string>();
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (dark(x, y)) set.add(`${x},${y}`);
  return set;
}

describe('the QR matrix', () => {
  it('is the one the qrcode package encodes (error correction M), dark nowhere outside it', () => {
    const { size, dark } = qrMatrix(TEXT);
    const reference = QRCode.create(TEXT, { errorCorrectionLevel: 'M' }).modules;
    expect(size).toBe(reference.size);
    expect(modules(size, dark)).toEqual(modules(size, (x, y) => Boolean(reference.get(y, x))));
    expect([dark(-1, 0), dark(0, -1), dark(size, 0), dark(0, size)]).toEqual([false, false, false, false]);
  });

  it('refuses a text too long for a QR code with a RangeError', () => {
    expect(() => qrMatrix('x'.repeat(5000))).toThrow(RangeError);
  });
});

describe('drawing', () => {
  it('draws the SVG module for module inside a 4-module quiet zone, without the text', () => {
    const svg = qrSVG(TEXT);
    const { size, dark } = qrMatrix(TEXT);
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(svg).not.toContain('script');
    const drawn = new Set<string>();
    for (const [, x, y, run] of svg.matchAll(/M(\d+) (\d+)\.5h(\d+)/g)) {
      for (let i = 0; i < Number(run); i++) drawn.add(`${Number(x) + i - 4},${Number(y) - 4}`);
    }
    expect(drawn.size).toBeGreaterThan(size);
    expect(drawn).toEqual(modules(size, dark));
  });

  it('draws the terminal text two rows a line, inverted without colour', () => {
    const { size, dark } = qrMatrix(TEXT);
    for (const color of [true, false]) {
      const lines = qrTerminal(TEXT, { color })
        .trimEnd()
        .split('\n')
        .map((line) => line.replaceAll(ESC_WHITE_BLACK, '').replaceAll(ESC_RESET, ''));
      expect(lines).toHaveLength(Math.ceil((size + 4) / 2));
      const ink = new Set<string>();
      lines.forEach((line, row) => {
        [...line].forEach((char, col) => {
          const [x, y] = [col - 2, row * 2 - 2];
          if (char === '█' || char === '▀') ink.add(`${x},${y}`);
          if (char === '█' || char === '▄') ink.add(`${x},${y + 1}`);
        });
      });
      const inside = [...ink].filter((key) => {
        const [x, y] = key.split(',').map(Number) as [number, number];
        return x >= 0 && y >= 0 && x < size && y < size;
      });
      const expected = modules(size, color ? dark : (x, y) => !dark(x, y));
      expect(new Set(inside)).toEqual(expected);
    }
  });

  it('writes a PNG of the right size with the quiet zone', async () => {
    const { size } = qrMatrix(TEXT);
    const png = await qrPNG(TEXT, { scale: 3 });
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe((size + 8) * 3);
    expect(view.getUint32(20)).toBe((size + 8) * 3);
  });

  it('writes a truecolour PNG whose chunks carry correct CRCs and whose pixels read back', async () => {
    const colour = (x: number, y: number) => (x === y ? 0xffffff : 0x1f4e79);
    const png = await encodeRGBPNG(5, 4, colour);
    const view = new DataView(png.buffer, png.byteOffset);
    const chunks = new Map<string, Uint8Array>();
    for (let at = 8; at < png.length; ) {
      const length = view.getUint32(at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      expect(view.getUint32(at + 8 + length), type).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.set(type, png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    expect([...(chunks.get('IHDR') ?? [])]).toEqual([0, 0, 0, 5, 0, 0, 0, 4, 8, 2, 0, 0, 0]);
    const raw = inflateSync(chunks.get('IDAT') ?? new Uint8Array());
    for (let y = 0; y < 4; y++) {
      expect(raw[y * 16]).toBe(0);
      for (let x = 0; x < 5; x++) {
        const [r, g, b] = raw.subarray(y * 16 + 1 + x * 3);
        expect(((r ?? 0) << 16) | ((g ?? 0) << 8) | (b ?? 0)).toBe(colour(x, y));
      }
    }
  });
});
