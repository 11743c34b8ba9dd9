import { formatKeyURI } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import {
  decodeQRCodes,
  exportMigrationQRCodes,
  importFile,
  importFiles,
  qrMatrix,
  qrSVG,
} from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

const totp = SAMPLE.find((a) => a.type === 'totp')!;

describe('SVG QR codes', () => {
  it('reads back the SVG QR code Kakunin writes for one account', async () => {
    const svg = await qrSVG(formatKeyURI(totp));
    const result = await importFile(bytesOf(svg), { filename: 'account.svg' });
    expect(result.format).toBe('qr-image');
    expect(result.accounts).toEqual([totp]);
  });

  it('reads every SVG page of a Google Authenticator export written by Kakunin', async () => {
    const three = ['a', 'b', 'c'].map((name) => ({ ...totp, name }));
    const { pages } = await exportMigrationQRCodes(three, { format: 'svg', perQR: 1 });
    expect(pages.length).toBeGreaterThan(1);
    const files = pages
      .reverse()
      .map((page, i) => ({ bytes: bytesOf(page as string), filename: `p${i}.svg` }));
    const result = await importFiles(files);
    expect(result.accounts).toEqual(three);
  });

  it('reads SVG drawn as one <rect> per dark module, with an XML declaration', async () => {
    const uri = formatKeyURI(totp);
    const { size, dark } = qrMatrix(uri);
    const rects: string[] = [];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        if (dark(x, y)) rects.push(`<rect x="${x + 4}" y="${y + 4}" width="1" height="1"/>`);
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size + 8} ${size + 8}"><rect width="100%" height="100%" fill="#ffffff"/>${rects.join('')}</svg>`;
    expect(await decodeQRCodes(bytesOf(svg))).toEqual([uri]);
  });

  it('says no QR code was found in an SVG that draws none', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="3"/></svg>';
    await expect(importFile(bytesOf(svg), { filename: 'logo.svg' })).rejects.toMatchObject({
      code: 'NO_QR_CODE',
      filename: 'logo.svg',
    });
  });
});
