import { type Account, encodeMigrationURIs, formatKeyURI } from '@kakunin/otp';
import { qrPNG, qrSVG, qrTerminal } from '@kakunin/qr';

export type QRImageFormat = 'png' | 'svg' | 'terminal';

/** Render one text as a QR code in the requested form: PNG bytes, or SVG / terminal text. */
export function renderQR(text: string, format: QRImageFormat): Promise<Uint8Array | string> {
  if (format === 'png') return qrPNG(text);
  return Promise.resolve(format === 'svg' ? qrSVG(text) : qrTerminal(text));
}

export interface MigrationExportOptions {
  format: QRImageFormat;
  /** Accounts per QR code (Google Authenticator puts up to 10). */
  perQR?: number;
  /** The batch id shared by the pages; random when absent. */
  batchId?: number;
}

export interface MigrationExport {
  pages: (Uint8Array | string)[];
  uris: string[];
  skipped: { account: Account; reason: string }[];
}

/**
 * Google Authenticator "transfer accounts" QR codes for the accounts, so Google Authenticator and any
 * app that imports its export can scan them. Accounts the format cannot carry are listed in `skipped`.
 */
export async function exportMigrationQRCodes(
  accounts: readonly Account[],
  options: MigrationExportOptions,
): Promise<MigrationExport> {
  const { uris, skipped } = encodeMigrationURIs([...accounts], {
    ...(options.perQR === undefined ? {} : { perQR: options.perQR }),
    ...(options.batchId === undefined ? {} : { batchId: options.batchId }),
  });
  const pages = await Promise.all(uris.map((uri) => renderQR(uri, options.format)));
  return { pages, uris, skipped };
}

/** One account as an otpauth:// QR code, what a new phone scans to take the account over. */
export function exportAccountQR(
  account: Account,
  options: { format: QRImageFormat },
): Promise<Uint8Array | string> {
  return renderQR(formatKeyURI(account), options.format);
}
