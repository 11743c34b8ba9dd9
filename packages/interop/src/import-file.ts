import { assembleBatches } from './batch.js';
import { textOf } from './bytes.js';
import { type Detected, detectFormat } from './detect.js';
import { ImportError } from './errors.js';
import { readAegis } from './formats/aegis.js';
import { readAndOTPEncrypted, readAndOTPEntries } from './formats/andotp.js';
import { readBitwardenCSV, readBitwardenJSON } from './formats/bitwarden.js';
import { isRecord, parseJSON } from './formats/entry.js';
import { readFreeOTPPlus } from './formats/freeotp-plus.js';
import { readProton } from './formats/proton.js';
import { readQRImage } from './formats/qr-image.js';
import { readStratum } from './formats/stratum.js';
import { readTwoFAS } from './formats/twofas.js';
import { readURIList } from './formats/uri-list.js';
import { NotConfiguredError } from './not-configured.js';
import { readAppFile } from './read-app-file.js';
import type { FormatId, ImportOptions, ImportResult, ReadResult } from './types.js';
import { noticeText } from './warnings.js';

/** Detail of DAMAGED errors made from exceptions no reader anticipated (tests check it stays unused). */
export const UNEXPECTED = 'unreadable content';

// Formats one reader handles alike: reading a file as another member of its family is fine.
const family = (format: FormatId): string => {
  if (format === 'ente' || format === 'google-migration') return 'uri-list';
  // One reader opens every SQLite database and tells the apps apart by their tables.
  if (format.endsWith('-db')) return 'sqlite';
  return format.replace(/-encrypted$/, '');
};

/** The format detection recognises, or null when it recognises none. */
function recognised(bytes: Uint8Array): FormatId | null {
  try {
    const found = detectFormat(bytes);
    return found.guessed ? null : found.format;
  } catch {
    return null;
  }
}

const BINARY: readonly FormatId[] = [
  'qr-image',
  'andotp-encrypted',
  'freeotp-encrypted',
  'google-authenticator-db',
  'microsoft-authenticator-db',
  'stratum-encrypted',
];

// With an explicit format the content is still decoded. A file that detection recognises as another
// app's export is refused (reading it as the wrong format would import nothing, or nonsense); one it
// does not recognise is read as the format given.
function forced(bytes: Uint8Array, format: FormatId): Detected {
  const found = recognised(bytes);
  if (found !== null && family(found) !== family(format)) {
    throw new ImportError('UNKNOWN_FORMAT', { detail: `the content is ${found}, not ${format}` });
  }
  if (BINARY.includes(format)) return { format, text: null, json: null };
  const text = textOf(bytes);
  if (text === null) throw new ImportError('UNKNOWN_FORMAT', { detail: `not ${format} text` });
  const json = /^\s*[[{]/.test(text) ? parseJSON(text) : null;
  return { format, text, json };
}

const object = (json: unknown, format: FormatId): Record<string, unknown> => {
  if (!isRecord(json)) throw new ImportError('UNKNOWN_FORMAT', { detail: `not a ${format} JSON object` });
  return json;
};

async function readAs(bytes: Uint8Array, found: Detected, password: string | undefined): Promise<ReadResult> {
  const { format, text, json } = found;
  switch (format) {
    case 'qr-image':
      return readQRImage(bytes);
    case 'uri-list':
    case 'ente':
    case 'google-migration':
      return readURIList(text ?? '', format);
    case 'aegis':
    case 'aegis-encrypted':
      return readAegis(text ?? '', object(json, format), password);
    case '2fas':
    case '2fas-encrypted':
      return readTwoFAS(object(json, format), password);
    case 'andotp':
      if (!Array.isArray(json)) throw new ImportError('UNKNOWN_FORMAT', { detail: 'not an andOTP list' });
      return readAndOTPEntries(json, 'andotp');
    case 'andotp-encrypted':
      return readAndOTPEncrypted(bytes, password, found.guessed === true);
    case 'bitwarden-json':
      return readBitwardenJSON(object(json, format));
    case 'bitwarden-csv':
      return readBitwardenCSV(text ?? '');
    case 'freeotp-plus':
      return readFreeOTPPlus(object(json, format));
    case 'proton':
      return readProton(object(json, format));
    case 'stratum':
      return readStratum(object(json, format));
    default:
      return readAppFile(bytes, found, password);
  }
}

/**
 * Read one file without assembling Google Authenticator pages: its accounts plus any export pages it
 * holds. Errors are ImportError naming the file; anything unexpected from a parser is DAMAGED.
 */
export async function readFileContent(bytes: Uint8Array, options: ImportOptions = {}): Promise<ReadResult> {
  const { filename, password } = options;
  try {
    const found = options.format === undefined ? detectFormat(bytes) : forced(bytes, options.format);
    const result = await readAs(bytes, found, password);
    for (const page of result.pages) if (filename !== undefined) page.filename = filename;
    return result;
  } catch (error) {
    if (error instanceof ImportError) throw error.withFilename(filename);
    if (error instanceof NotConfiguredError) throw error;
    throw new ImportError('DAMAGED', { filename, detail: UNEXPECTED, cause: error });
  }
}

/**
 * Import the accounts of one file from another authenticator app, detecting its format from content.
 * A Google Authenticator export split over several QR codes must come whole (use importFiles for
 * several images) unless `allowIncomplete` is set.
 */
export async function importFile(bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const read = await readFileContent(bytes, options);
  const batches = assembleBatches(read.pages, options.allowIncomplete);
  const [incomplete] = batches.incomplete;
  if (incomplete) throw incomplete.withFilename(options.filename);
  return {
    format: read.format,
    accounts: [...read.accounts, ...batches.accounts],
    warnings: noticeText([...read.warnings, ...batches.warnings], options.language),
  };
}
