import { encodeMigrationURIs, formatKeyURI } from '@kakunin/otp';
import { encodeBitmapPNG } from '@kakunin/qr';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import {
  decodeQRCodes,
  decodeQRImageData,
  exportAccountQR,
  importFile,
  qrMatrix,
  qrPNG,
  qrSVG,
  qrTerminal,
} from '../src/index.ts';
import { anyAccount, SAMPLE } from './support/accounts.ts';
import { photoJPEG, photoPixels } from './support/photo.ts';

const ESC = String.fromCharCode(27);
const stripANSI = (text: string): string =>
  text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');

/** Read terminal half-block art back into dark(x, y) over the drawn area (margin included). */
function terminalBitmap(
  text: string,
  inverted: boolean,
): { width: number; height: number; dark: (x: number, y: number) => boolean } {
  const rows = stripANSI(text)
    .trimEnd()
    .split('\n')
    .map((l) => [...l]);
  const width = rows[0]!.length;
  const ink = (c: string | undefined, top: boolean): boolean => c === '█' || c === (top ? '▀' : '▄');
  return {
    width,
    height: rows.length * 2,
    dark: (x, y) => ink(rows[y >> 1]?.[x], y % 2 === 0) !== inverted,
  };
}

describe('QR codes', () => {
  it('writes PNG files that decode back to the same text', async () => {
    await fc.assert(
      fc.asyncProperty(anyAccount, async (account) => {
        const png = (await exportAccountQR(account, { format: 'png' })) as Uint8Array;
        expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
        expect(await decodeQRCodes(png)).toEqual([formatKeyURI(account)]);
      }),
      { numRuns: 15 },
    );
  });

  it('draws terminal text module for module, in colour and for NO_COLOR terminals', async () => {
    const text = formatKeyURI(SAMPLE[1]!);
    const { size, dark } = qrMatrix(text);
    for (const color of [true, false]) {
      const art = terminalBitmap(await qrTerminal(text, { color }), !color);
      expect(art.width).toBe(size + 4);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) expect(art.dark(x + 2, y + 2)).toBe(dark(x, y));
      // …and what is drawn scans: render the characters as pixels and decode them.
      const scale = 6;
      const png = await encodeBitmapPNG(art.width * scale, art.height * scale, (x, y) =>
        art.dark(Math.floor(x / scale), Math.floor(y / scale)),
      );
      expect(await decodeQRCodes(png)).toEqual([text]);
    }
  });

  it('writes SVG whose strokes cover exactly the dark modules, inside a quiet zone', async () => {
    const text = formatKeyURI(SAMPLE[0]!);
    const svg = await qrSVG(text);
    const { size, dark } = qrMatrix(text);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(svg).not.toContain('<script');
    // Follow the path's pen: M/m move it, h draws a run of modules along the row.
    const d = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const drawn = new Set<string>();
    let [x, y] = [0, 0];
    for (const [, op, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
      if (op === 'M') [x, y] = [Number(a), Number(b)];
      else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)];
      else for (let i = 0; i < Number(a); i++) drawn.add(`${x++ - 4},${Math.floor(y) - 4}`);
    }
    const expected = new Set<string>();
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (dark(c, r)) expected.add(`${c},${r}`);
    expect(drawn).toEqual(expected);
  });

  it('reads a JPEG photo of a phone screen showing a migration QR code (rotated, keystoned, noisy)', async () => {
    const accounts = [
      SAMPLE[0]!,
      { ...SAMPLE[2]!, digits: 6 },
      { ...SAMPLE[0]!, issuer: 'Mail', name: 'bob' },
    ];
    const { uris, skipped } = encodeMigrationURIs(accounts, { batchId: 7 });
    expect(skipped).toEqual([]);
    const photo = photoJPEG(uris[0]!, { angle: 13, module: 5, at: [0.4, 0.55], seed: 3, quality: 60 });
    expect(await decodeQRCodes(photo)).toEqual(uris);
    const result = await importFile(photo, { filename: 'IMG_2041.jpg' });
    expect(result.format).toBe('qr-image');
    expect(result.accounts).toEqual(accounts);
  });

  it('reads camera frames as RGBA pixels', async () => {
    const uri = formatKeyURI(SAMPLE[2]!);
    const frame = photoPixels(uri, { width: 640, height: 480, angle: -8, module: 4, at: [0.5, 0.5] });
    expect(await decodeQRImageData(frame)).toEqual([uri]);
  });

  it('reports an image without a QR code as NO_QR_CODE, naming the file', async () => {
    const photo = photoJPEG(null, { width: 320, height: 240, seed: 9 });
    const error = await importFile(photo, { filename: 'cat.jpg' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NO_QR_CODE', filename: 'cat.jpg' });
    expect((error as Error).message).toContain('"cat.jpg"');
  });

  it('reports a QR code that holds no account as UNKNOWN_FORMAT', async () => {
    const png = await qrPNG('https://example.com/menu');
    await expect(importFile(png, { filename: 'menu.png' })).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
  });

  it('reports a truncated image as damaged or without a code, never a crash', async () => {
    const png = await qrPNG(formatKeyURI(SAMPLE[0]!));
    const error = await importFile(png.subarray(0, 60), { filename: 'cut.png' }).catch((e: unknown) => e);
    expect(['DAMAGED', 'NO_QR_CODE']).toContain((error as { code?: string }).code);
  });

  it('decodes JPEG bytes produced by another encoder too', async () => {
    const uri = formatKeyURI(SAMPLE[3]!);
    const frame = photoPixels(uri, { width: 400, height: 300, angle: 0, module: 4, at: [0.5, 0.5] });
    const bytes = jpeg.encode({ data: Buffer.from(frame.data.buffer), width: 400, height: 300 }, 90).data;
    expect(await decodeQRCodes(new Uint8Array(bytes))).toEqual([uri]);
  });
});
