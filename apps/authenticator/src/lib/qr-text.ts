import { type Account, type MigrationBatch, parseKeyURI } from '@kakunin/otp';
import { decodeReceipt, type Receipt } from './receipt.js';

/** What a scanned QR code turned out to be. */
export type QRContent =
  | { kind: 'account'; account: Account }
  | { kind: 'migration'; accounts: Account[]; batch: MigrationBatch }
  | { kind: 'receipt'; receipt: Receipt }
  | { kind: 'damaged'; error: unknown }
  | { kind: 'foreign'; preview: string };

/**
 * Classifies the text of a QR code: a key URI, a migration page, a move receipt, or something else.
 * The migration codec (protobuf) loads only when a migration QR code is read.
 */
export async function interpretQRText(text: string): Promise<QRContent> {
  const trimmed = text.trim();
  const scheme = trimmed.slice(0, trimmed.indexOf(':') + 1).toLowerCase();
  if (scheme === 'otpauth:') {
    try {
      return { kind: 'account', account: parseKeyURI(trimmed) };
    } catch (error) {
      return { kind: 'damaged', error };
    }
  }
  if (scheme === 'otpauth-migration:') {
    const { decodeMigrationURI } = await import('@kakunin/otp/migration');
    try {
      const { accounts, batch } = decodeMigrationURI(trimmed);
      return { kind: 'migration', accounts, batch };
    } catch (error) {
      return { kind: 'damaged', error };
    }
  }
  const receipt = decodeReceipt(trimmed);
  if (receipt) return { kind: 'receipt', receipt };
  // Shown as text so the person can see what they scanned; never as markup.
  const preview = trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
  return { kind: 'foreign', preview };
}
