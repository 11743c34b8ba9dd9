import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportMigrationQRCodes, ImportError, importFile, importFiles } from '../src/index.ts';
import { bytesOf, migratableAccount, SAMPLE } from './support/accounts.ts';

const pagesOf = async (count: number, perQR: number) => {
  const accounts = fc.sample(migratableAccount, { numRuns: count, seed: count });
  const exported = await exportMigrationQRCodes(accounts, { format: 'png', perQR, batchId: 1234 });
  const files = exported.pages.map((bytes, i) => ({
    bytes: bytes as Uint8Array,
    filename: `page-${i + 1}.png`,
  }));
  return { accounts, files, uris: exported.uris };
};

describe('Google Authenticator export QR codes', () => {
  it('round-trips accounts through multi-page PNG QR codes read in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(migratableAccount, { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        async (accounts, perQR, shuffleSeed) => {
          const { pages, uris, skipped } = await exportMigrationQRCodes(accounts, { format: 'png', perQR });
          expect(skipped).toEqual([]);
          expect(pages).toHaveLength(Math.ceil(accounts.length / perQR));
          const files = pages.map((bytes, i) => ({ bytes: bytes as Uint8Array, filename: `p${i}.png` }));
          const shuffled = fc.sample(fc.shuffledSubarray(files, { minLength: files.length }), {
            numRuns: 1,
            seed: shuffleSeed,
          })[0]!;
          const result = await importFiles(shuffled);
          expect(result.accounts).toEqual(accounts);
          expect(result.format).toBe('qr-image');
          expect(uris).toHaveLength(pages.length);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('imports the export links as text, pages in any order', async () => {
    const { accounts, uris } = await pagesOf(7, 3);
    const result = await importFile(bytesOf(`${[...uris].reverse().join('\n')}\n`));
    expect(result.format).toBe('google-migration');
    expect(result.accounts).toEqual(accounts);
  });

  it('names the missing pages when a batch is incomplete, and imports nothing from it', async () => {
    const { files } = await pagesOf(7, 2); // 4 pages
    const error = await importFiles([files[3]!, files[0]!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'INCOMPLETE_BATCH', missingPages: [2, 3], batchSize: 4 });
    expect((error as ImportError).message).toContain('"page-1.png, page-4.png"');
    expect((error as ImportError).localizedMessage('ja')).toContain('2, 3 番目');

    const single = await importFile(files[1]!.bytes, { filename: files[1]!.filename }).catch(
      (e: unknown) => e,
    );
    expect(single).toMatchObject({
      code: 'INCOMPLETE_BATCH',
      filename: 'page-2.png',
      missingPages: [1, 3, 4],
    });
  });

  it('imports the pages present when asked to, with a warning', async () => {
    const { accounts, files } = await pagesOf(5, 2); // 3 pages
    const result = await importFiles([files[2]!, files[0]!], { allowIncomplete: true });
    expect(result.accounts).toEqual([...accounts.slice(0, 2), ...accounts.slice(4)]);
    expect(result.warnings).toEqual([expect.stringContaining('QR code(s) 2 are missing')]);
  });

  it('reads a page scanned twice once', async () => {
    const { accounts, files } = await pagesOf(3, 2);
    const result = await importFiles([files[0]!, files[1]!, files[0]!]);
    expect(result.accounts).toEqual(accounts);
    expect(result.warnings).toEqual(['QR code 1 was given twice; it was read once.']);
    const ja = await importFiles([files[0]!, files[1]!, files[0]!], { language: 'ja' });
    expect(ja.warnings).toEqual(['1 番目の QR コードが 2 回指定されました。1 回だけ読み込みました。']);
  });

  it('lists accounts the format cannot carry instead of altering them', async () => {
    const { skipped, pages } = await exportMigrationQRCodes(SAMPLE, { format: 'svg' });
    expect(skipped.map((s) => s.account)).toEqual([SAMPLE[1], SAMPLE[2], SAMPLE[3]]);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatch(/^<svg/);
    const terminal = await exportMigrationQRCodes([SAMPLE[0]!], { format: 'terminal' });
    expect(terminal.pages[0]).toContain('█');
  });

  it('names the file that fails among several', async () => {
    const { files } = await pagesOf(2, 2);
    const broken = { bytes: bytesOf('{"not":"an export"}'), filename: 'notes.json' };
    await expect(importFiles([files[0]!, broken])).rejects.toMatchObject({
      code: 'UNKNOWN_FORMAT',
      filename: 'notes.json',
    });
  });
});
