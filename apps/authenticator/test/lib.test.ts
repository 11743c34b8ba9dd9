import { createAccount, decodeBase32, encodeMigrationURIs, formatKeyURI } from '@kakunin/otp';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, enOne } from '../src/i18n/en.js';
import { detectLang, format, loadCatalogue, tnIn } from '../src/i18n/i18n.js';
import { ja } from '../src/i18n/ja.js';
import { clockSkewMs } from '../src/lib/clock-check.js';
import { groupCode } from '../src/lib/format-code.js';
import { missingPages, recordBatchPage } from '../src/lib/pending-batch.js';
import { interpretQRText } from '../src/lib/qr-text.js';
import { encodeReceipt } from '../src/lib/receipt.js';
import { OVERSCAN_ROWS, rowWindow } from '../src/lib/row-window.js';
import { passwordStrength } from '../src/lib/strength.js';

beforeAll(() => Promise.all([loadCatalogue('en'), loadCatalogue('ja')]));

describe('message catalogues', () => {
  it('has every English message in Japanese, with the same placeholders', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ja[key].trim(), key).not.toBe('');
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('picks the language from the saved choice, then the browser list', () => {
    expect(detectLang(null, ['ja-JP', 'en-US'])).toBe('ja');
    expect(detectLang(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(detectLang(null, ['fr-FR'])).toBe('en');
    expect(detectLang('en', ['ja-JP'])).toBe('en');
    expect(detectLang('xx', ['ja'])).toBe('ja');
  });

  it('has singular English forms with the same placeholders as the plural ones', () => {
    const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const [key, one] of Object.entries(enOne) as [keyof typeof en, string][]) {
      expect(placeholders(one), key).toEqual(placeholders(en[key]));
    }
  });

  it('words counts of one in the singular in English, and the same way for any count in Japanese', () => {
    expect(tnIn('en', 'receiptAllArrived', 1)).toBe('The 1 account arrived intact — safe to delete here.');
    expect(tnIn('en', 'receiptAllArrived', 3)).toBe('All 3 accounts arrived intact — safe to delete here.');
    expect(tnIn('en', 'deleteArrived', 1)).toBe('Delete the 1 account that arrived');
    expect(tnIn('en', 'deleteArrived', 0)).toBe('Delete the 0 accounts that arrived');
    expect(tnIn('en', 'added', 1)).toBe('Added 1 account.');
    expect(tnIn('en', 'added', 2)).toBe('Added 2 accounts.');
    expect(tnIn('en', 'receiptMissing', 1, { missing: 1 })).toBe(
      '1 of 1 account did not arrive: export it again before deleting anything.',
    );
    expect(tnIn('en', 'receiptMissing', 4, { missing: 2 })).toBe(
      '2 of 4 accounts did not arrive: export them again before deleting anything.',
    );
    expect(tnIn('ja', 'receiptAllArrived', 1)).toBe(format(ja.receiptAllArrived, { n: 1 }));
    expect(tnIn('ja', 'deleteArrived', 5)).toBe('移行済みの 5 件を削除');
  });

  it('fills placeholders with text only', () => {
    expect(format('Delete {name}?', { name: '<b>x</b>' })).toBe('Delete <b>x</b>?');
    expect(format('{a} {missing}', { a: 1 })).toBe('1 {missing}');
  });
});

describe('the rendered window of a long list', () => {
  it('covers the rows on screen plus an overscan, in steps of ten', () => {
    // 100 px rows, viewport 900 px: rows 0–8 on screen at the top.
    expect(rowWindow(1000, 100, 50, 900)).toEqual({ start: 0, end: 10 + OVERSCAN_ROWS });
    // Scrolled so that rows 500–509 are on screen.
    const w = rowWindow(1000, 100, -50_000, 900);
    expect(w.start).toBeLessThanOrEqual(500 - OVERSCAN_ROWS);
    expect(w.end).toBeGreaterThanOrEqual(509 + OVERSCAN_ROWS);
    expect(w.end - w.start).toBeLessThan(50);
    expect(w.start % 10).toBe(0);
    // A small scroll moves neither edge.
    expect(rowWindow(1000, 100, -50_030, 900)).toEqual(w);
  });

  it('stays within the list, also when scrolled past the end of a list that just got shorter', () => {
    expect(rowWindow(5, 100, 0, 900)).toEqual({ start: 0, end: 5 });
    expect(rowWindow(0, 100, 0, 900)).toEqual({ start: 0, end: 0 });
    expect(rowWindow(5, 100, -40_000, 900)).toEqual({ start: 0, end: 5 });
    const tail = rowWindow(300, 100, -40_000, 900);
    expect(tail.end).toBe(300);
    expect(tail.start).toBeLessThan(300 - 9);
  });
});

describe('small helpers', () => {
  it('groups codes for reading', () => {
    expect(groupCode('123456')).toBe('123 456');
    expect(groupCode('12345678')).toBe('1234 5678');
    expect(groupCode('1234567')).toBe('123 4567');
    expect(groupCode('2BC4F')).toBe('2BC4F');
  });

  it('scores password strength from very weak to strong', () => {
    expect(passwordStrength('')).toBe(0);
    expect(passwordStrength('password')).toBeLessThanOrEqual(1);
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toBeLessThanOrEqual(1);
    expect(passwordStrength('correct horse battery staple')).toBe(4);
    expect(passwordStrength('Tr0ub4dor&3')).toBeGreaterThanOrEqual(2);
  });

  it('measures clock skew against the Date header, within its one-second resolution', () => {
    const server = Date.parse('Wed, 25 Nov 2026 15:00:00 GMT');
    expect(clockSkewMs(server + 100, server + 300, 'Wed, 25 Nov 2026 15:00:00 GMT')).toBe(0);
    expect(clockSkewMs(server + 20_000, server + 20_200, 'Wed, 25 Nov 2026 15:00:00 GMT')).toBeCloseTo(
      19_600,
    );
    expect(clockSkewMs(server - 30_000, server - 29_800, 'Wed, 25 Nov 2026 15:00:00 GMT')).toBeCloseTo(
      -30_400,
    );
    expect(clockSkewMs(0, 1, 'not a date')).toBeNull();
  });

  it('tracks the pages of a multi-page export, in any order', () => {
    let b = recordBatchPage(null, { index: 0, size: 3, id: 7 });
    expect(missingPages(b)).toEqual([2, 3]);
    b = recordBatchPage(b, { index: 2, size: 3, id: 7 });
    b = recordBatchPage(b, { index: 2, size: 3, id: 7 });
    expect(missingPages(b)).toEqual([2]);
    // A page of another export starts over.
    expect(missingPages(recordBatchPage(b, { index: 0, size: 2, id: 8 }))).toEqual([2]);
    expect(missingPages(recordBatchPage(b, { index: 1, size: 3, id: 7 }))).toEqual([]);
  });
});

describe('what a scanned QR code is', () => {
  const account = createAccount({ secret: decodeBase32('JBSWY3DPEHPK3PXP'), issuer: 'Ex', name: 'a' });

  it('recognises key URIs, migration pages and receipts', async () => {
    const key = await interpretQRText(formatKeyURI(account));
    expect(key.kind === 'account' && key.account.issuer).toBe('Ex');
    const [page] = encodeMigrationURIs([account, account], { perQR: 1, batchId: 3 }).uris;
    const migration = await interpretQRText(page!);
    expect(migration.kind === 'migration' && migration.batch).toEqual({ index: 0, size: 2, id: 3 });
    expect((await interpretQRText(await encodeReceipt([account]))).kind).toBe('receipt');
  });

  it('calls a broken key URI damaged and anything else foreign, shown as a short preview', async () => {
    expect((await interpretQRText('otpauth://totp/x?secret=1!!')).kind).toBe('damaged');
    expect((await interpretQRText('otpauth-migration://offline?data=%%%')).kind).toBe('damaged');
    const foreign = await interpretQRText(`https://example.com/${'x'.repeat(100)}`);
    expect(foreign.kind).toBe('foreign');
    expect(foreign.kind === 'foreign' && foreign.preview.length).toBeLessThanOrEqual(41);
  });
});
