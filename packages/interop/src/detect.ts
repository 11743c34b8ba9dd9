import { startsWith, textOf } from './bytes.js';
import { detectBinary, detectPrefs } from './detect-app-files.js';
import { ImportError } from './errors.js';
import { isAegis, isAegisEncrypted } from './formats/aegis.js';
import { isAndOTP, isForeignSecretList, looksLikeAndOTPEncrypted, mayBeOldAndOTP } from './formats/andotp.js';
import { isPrefsXML } from './formats/android-prefs.js';
import { isBitwardenCSV, isBitwardenJSON } from './formats/bitwarden.js';
import { parseJSON } from './formats/entry.js';
import { isFreeOTPPlus } from './formats/freeotp-plus.js';
import { isProton } from './formats/proton.js';
import { isBitwardenEncrypted, isCXF, isDuo, isSteam, isTOTPAuthenticatorBackup } from './formats/shapes.js';
import { isStratum } from './formats/stratum.js';
import { isTwoFAS, isTwoFASEncrypted } from './formats/twofas.js';
import { isOTPLink, uriLines } from './formats/uri-list.js';
import { isSVG } from './qr/svg.js';
import type { FormatId } from './types.js';

const IMAGE_MAGIC: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x42, 0x4d], // BMP
];

/** Whether the bytes are an image file the QR decoder can read (SVG included). */
export const isImage = (bytes: Uint8Array): boolean =>
  IMAGE_MAGIC.some((m) => startsWith(bytes, m)) || isSVG(bytes);

/** What detection found: the format and, for text formats, the decoded text and JSON. */
export interface Detected {
  format: FormatId;
  text: string | null;
  json: unknown;
  /** Recognised only by elimination (old andOTP encrypted backups have no header): a password confirms it. */
  guessed?: boolean;
}

function detectJSON(json: unknown): FormatId | null {
  if (isAegis(json)) return isAegisEncrypted(json) ? 'aegis-encrypted' : 'aegis';
  if (isTwoFAS(json)) return isTwoFASEncrypted(json) ? '2fas-encrypted' : '2fas';
  if (isBitwardenEncrypted(json)) return 'bitwarden-json-encrypted';
  if (isBitwardenJSON(json)) return 'bitwarden-json';
  if (isFreeOTPPlus(json)) return 'freeotp-plus';
  if (isProton(json)) return 'proton';
  if (isStratum(json)) return 'stratum';
  if (isSteam(json)) return 'steam';
  if (isCXF(json)) return 'cxf';
  if (isDuo(json)) return 'duo';
  if (isAndOTP(json)) return 'andotp';
  if (isForeignSecretList(json)) {
    throw new ImportError('UNKNOWN_FORMAT', {
      detail: 'a list of accounts with secrets, but in no known app’s layout; export it as otpauth:// links',
    });
  }
  return null;
}

function detectText(text: string): FormatId | null {
  const lines = uriLines(text).map((l) => l.line);
  if (lines.length > 0 && lines.every(isOTPLink)) {
    if (lines.every((l) => /^otpauth-migration:/i.test(l))) return 'google-migration';
    return lines.some((l) => /[?&]codeDisplay=/.test(l)) ? 'ente' : 'uri-list';
  }
  if (isBitwardenCSV(text)) return 'bitwarden-csv';
  return null;
}

/**
 * Recognise a file from its content (never from its name): images, JSON backups by their keys,
 * link lists, Bitwarden CSV, and andOTP's headerless encrypted binary as the last resort.
 */
export function detectFormat(bytes: Uint8Array): Detected {
  if (isImage(bytes)) return { format: 'qr-image', text: null, json: null };
  // andOTP's encrypted backup has no magic; its big-endian iteration count starts with a zero byte.
  if (bytes[0] === 0 && looksLikeAndOTPEncrypted(bytes))
    return { format: 'andotp-encrypted', text: null, json: null };
  const binary = detectBinary(bytes);
  if (binary !== null) return { format: binary, text: null, json: null };
  const text = textOf(bytes);
  if (text === null) {
    if (mayBeOldAndOTP(bytes)) return { format: 'andotp-encrypted', text: null, json: null, guessed: true };
    throw new ImportError('UNKNOWN_FORMAT', { detail: 'binary data of no known kind' });
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new ImportError('DAMAGED', { detail: 'the file is empty' });
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJSON(trimmed);
    if (json === null) throw new ImportError('DAMAGED', { detail: 'the JSON is cut off or malformed' });
    const format = detectJSON(json);
    if (format === null) throw new ImportError('UNKNOWN_FORMAT', { detail: 'JSON from an unknown app' });
    return { format, text, json };
  }
  if (isPrefsXML(text)) return { format: detectPrefs(text), text, json: null };
  if (isTOTPAuthenticatorBackup(text)) return { format: 'totp-authenticator-encrypted', text, json: null };
  const format = detectText(text);
  if (format === null)
    throw new ImportError('UNKNOWN_FORMAT', { detail: 'text that holds no otpauth:// links' });
  return { format, text, json: null };
}
