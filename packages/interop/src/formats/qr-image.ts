import { ImportError } from '../errors.js';
import { NotConfiguredError } from '../not-configured.js';
import { decodeQRCodes } from '../qr/decode.js';
import type { ReadResult } from '../types.js';
import { otherQRCodes } from '../warnings.js';
import { isOTPLink, readURIList } from './uri-list.js';

/**
 * An image (screenshot or photo) of one or more QR codes: otpauth:// codes from sign-up pages and
 * "export settings" screens, or otpauth-migration:// codes from Google Authenticator's export.
 */
export async function readQRImage(bytes: Uint8Array): Promise<ReadResult> {
  let texts: string[];
  try {
    texts = await decodeQRCodes(bytes);
  } catch (cause) {
    if (cause instanceof NotConfiguredError) throw cause;
    throw new ImportError('DAMAGED', { detail: 'the image cannot be decoded', cause });
  }
  if (texts.length === 0) throw new ImportError('NO_QR_CODE');
  const links = texts.filter((t) => isOTPLink(t.trim()));
  if (links.length === 0) {
    throw new ImportError('UNKNOWN_FORMAT', {
      detail: 'the QR code holds no otpauth:// or otpauth-migration:// link',
    });
  }
  const result = await readURIList(links.join('\n'), 'uri-list');
  const others = texts.length - links.length;
  if (others > 0) result.warnings.push(otherQRCodes(others));
  return { ...result, format: 'qr-image' };
}
