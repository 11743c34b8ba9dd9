import { qrPNG } from '@kakunin/qr';
import { describe, expect, it, vi } from 'vitest';
import { importFile, NotConfiguredError } from '../src/index.ts';

// A browser build that has not configured its readers: the web loader is used in place of the Node one.
vi.mock('#wasm-loader', () => import('../src/qr/wasm-loader-web.ts'));

const sqliteHeader = (): Uint8Array => {
  const bytes = new Uint8Array(4096);
  bytes.set(new TextEncoder().encode('SQLite format 3\0'));
  return bytes;
};

describe('an app that has not configured a reader', () => {
  it('gets NotConfiguredError for a QR image, not a "damaged file" for the person', async () => {
    const png = await qrPNG('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP');
    const error = await importFile(png, { filename: 'code.png' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect((error as NotConfiguredError).reader).toBe('qr');
  });

  it('gets NotConfiguredError for another app’s SQLite database', async () => {
    const error = await importFile(sqliteHeader(), { filename: 'app.db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotConfiguredError);
    expect((error as NotConfiguredError).reader).toBe('sqlite');
  });
});
