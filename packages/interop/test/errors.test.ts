import { describe, expect, it } from 'vitest';
import { DETAIL_JA } from '../src/detail-ja.ts';
import {
  exportAegis,
  exportURIList,
  IMPORT_ERROR_MESSAGES,
  ImportError,
  type ImportErrorCode,
  importErrorMessage,
  importFile,
} from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

const CODES = Object.keys(IMPORT_ERROR_MESSAGES) as ImportErrorCode[];

const failure = (bytes: Uint8Array, filename = 'input.bin') =>
  importFile(bytes, { filename }).then(
    () => {
      throw new Error('imported');
    },
    (e: unknown) => e as ImportError,
  );

describe('bad input', () => {
  it.each([
    ['foreign JSON', bytesOf('{"name":"package","version":"1.0.0","dependencies":{}}'), 'UNKNOWN_FORMAT'],
    ['a JSON array of numbers', bytesOf('[1,2,3]'), 'UNKNOWN_FORMAT'],
    ['cut-off JSON', bytesOf('{"version":1,"header":{"slots":null,'), 'DAMAGED'],
    ['plain prose', bytesOf('Dear team,\nplease find attached…\n'), 'UNKNOWN_FORMAT'],
    [
      'random binary',
      Uint8Array.from({ length: 300 }, (_, i) => ((i * 97 + 13) & 0xff) | 0x80),
      'UNKNOWN_FORMAT',
    ],
    ['an empty file', new Uint8Array(0), 'DAMAGED'],
    ['an otpauth URI with a bad secret', bytesOf('otpauth://totp/A:b?secret=1!\n'), 'DAMAGED'],
  ])('reports %s as %s, naming the file', async (_what, bytes, code) => {
    const error = await failure(bytes, 'upload.dat');
    expect(error).toBeInstanceOf(ImportError);
    expect(error.code).toBe(code);
    expect(error.filename).toBe('upload.dat');
    expect(error.message).toContain('"upload.dat"');
    expect(error.localizedMessage('ja')).toContain('"upload.dat"');
    expect(error.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it('gives the fixed details in Japanese too, each one a detail the readers really raise', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../src/', import.meta.url);
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const sources = (await Promise.all(files.map((f) => readFile(new URL(f, dir), 'utf8')))).join('\n');
    for (const [detail, ja] of Object.entries(DETAIL_JA)) {
      expect(sources.replace(/^export const DETAIL_JA[\s\S]*?^};/m, '')).toContain(`'${detail}'`);
      expect(importErrorMessage('DAMAGED', 'ja', { filename: 'x', detail })).toContain(`（${ja}）`);
      expect(importErrorMessage('DAMAGED', 'en', { filename: 'x', detail })).toContain(`(${detail})`);
    }
    const binary = await failure(new Uint8Array([1, 2, 3, 0xff, 0xfe]), 'blob.bin');
    expect(binary.localizedMessage('ja')).toMatch(/（種類のわからないバイナリデータです）$/);
  });

  it('has an English and a Japanese message for every code, each naming the file', () => {
    for (const code of CODES) {
      const en = importErrorMessage(code, 'en', { filename: 'x.json', missingPages: [2], batchSize: 3 });
      const ja = importErrorMessage(code, 'ja', { filename: 'x.json', missingPages: [2], batchSize: 3 });
      expect(en).toContain('"x.json"');
      expect(ja).toContain('"x.json"');
      expect(ja).toMatch(/[\u3040-\u30ff]/);
      expect(en).not.toBe(ja);
    }
    expect(importErrorMessage('NO_QR_CODE', 'en')).toMatch(/^No QR code was found in the file\./);
    expect(importErrorMessage('PASSWORD_REQUIRED', 'en')).toMatch(/^The file is encrypted\./);
  });

  it('reads a file as the format given, and says so when it is not', async () => {
    const error = await importFile(bytesOf('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP'), {
      format: 'proton',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT' });
  });

  it('refuses to read another app’s export as the format given, instead of importing nothing', async () => {
    const aegis = bytesOf(await exportAegis(SAMPLE, {}));
    for (const format of ['bitwarden-csv', '2fas', 'proton', 'uri-list', 'andotp-encrypted'] as const) {
      const error = await importFile(aegis, { format, filename: 'backup.json' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'UNKNOWN_FORMAT', filename: 'backup.json' });
      expect((error as Error).message).toContain(`(the content is aegis, not ${format})`);
    }
    // A format of the same family is read: the links of a list, the plain file of an Aegis backup.
    expect((await importFile(aegis, { format: 'aegis-encrypted' })).accounts).toEqual(SAMPLE);
    const links = bytesOf(exportURIList(SAMPLE));
    expect((await importFile(links, { format: 'ente' })).accounts).toEqual(SAMPLE);
    // Content no reader recognises is read as the format given, which says what is wrong.
    const csv = await importFile(bytesOf('{"a":1}'), { format: 'bitwarden-csv' }).catch((e: unknown) => e);
    expect(csv).toMatchObject({ code: 'UNKNOWN_FORMAT', detail: 'no login_totp column' });
  });
});
