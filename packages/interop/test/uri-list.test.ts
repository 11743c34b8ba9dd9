import { formatKeyURI } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportURIList, ImportError, importFile } from '../src/index.ts';
import { anyAccount, bytesOf, SAMPLE } from './support/accounts.ts';

describe('otpauth:// URI lists', () => {
  it('round-trips any accounts exactly through exportURIList → importFile', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyAccount, { minLength: 1, maxLength: 8 }), async (accounts) => {
        const result = await importFile(bytesOf(exportURIList(accounts)));
        expect(result.format).toBe('uri-list');
        expect(result.accounts).toEqual(accounts);
      }),
      { numRuns: 60 },
    );
  });

  it('ignores blank lines, # comments, CRLF and a byte-order mark', async () => {
    const lines = SAMPLE.map(formatKeyURI);
    const text = `\uFEFF# exported 2026-01-01\r\n\r\n${lines[0]}\r\n   \r\n# next\r\n${lines.slice(1).join('\n')}\n`;
    const result = await importFile(bytesOf(text));
    expect(result.accounts).toEqual(SAMPLE);
  });

  it('skips unsupported OTP types with a warning and keeps the others', async () => {
    const text = `${formatKeyURI(SAMPLE[0]!)}\notpauth://motp/Foo:bar?secret=JBSWY3DPEHPK3PXP\n`;
    const result = await importFile(bytesOf(text));
    expect(result.accounts).toEqual([SAMPLE[0]]);
    expect(result.warnings).toEqual(['Line 2 was skipped: its type "motp" is not supported by Kakunin.']);
    const ja = await importFile(bytesOf(text), { language: 'ja' });
    expect(ja.warnings).toEqual([expect.stringMatching(/^2 番目の項目（種類「motp」）は/)]);
  });

  it('refuses a list with a broken line as DAMAGED, naming the file and the line', async () => {
    const text = `${formatKeyURI(SAMPLE[0]!)}\notpauth://totp/Foo:bar?secret=not*base32\n`;
    const error = await importFile(bytesOf(text), { filename: 'keys.txt' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'DAMAGED', filename: 'keys.txt' });
    expect((error as ImportError).message).toContain('"keys.txt"');
    expect((error as ImportError).message).toContain('line 2');
  });

  it('reads Ente Auth exports: codeDisplay notes and tags kept, trashed entries skipped', async () => {
    const display = (meta: object): string => `&codeDisplay=${encodeURIComponent(JSON.stringify(meta))}`;
    const [a, b] = [formatKeyURI(SAMPLE[0]!), formatKeyURI(SAMPLE[1]!)];
    const text = `${a}${display({ note: 'recovery in safe', tags: ['Work'], trashed: false })}\n${b}${display({ trashed: true })}\n`;
    const result = await importFile(bytesOf(text));
    expect(result.format).toBe('ente');
    expect(result.accounts).toEqual([{ ...SAMPLE[0], note: 'recovery in safe', group: 'Work' }]);
    expect(result.warnings).toEqual([expect.stringContaining("Ente Auth's trash")]);
  });
});
