import { type Account, encodeBase32 } from '@kakunin/otp';
import { base64urlnopad } from '@scure/base';

/**
 * A FIDO Credential Exchange Format 1.0 document of the accounts (the JSON form of the standard's data;
 * moving it between apps on a phone is the operating system's protocol). Each account becomes an item
 * titled by its issuer, with a `totp` credential, its note as a `note` credential and its group as a tag.
 * CXF 1.0 defines TOTP only, with SHA-1/256/512: HOTP, Steam and MD5 accounts are returned in `skipped`,
 * never altered. Time and randomness are parameters so tests are deterministic.
 * @see https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html
 */

export type CXFSkipReason = 'hotp' | 'steam' | 'algorithm' | 'period';

export interface CXFExportOptions {
  /** The export time in milliseconds (e.g. Date.now()); the header and items carry it in seconds. */
  now: number;
  exporterRpId?: string;
  exporterDisplayName?: string;
  /** Random bytes for the opaque ids (default: crypto.getRandomValues). */
  random?: (length: number) => Uint8Array;
}

export interface CXFExport {
  text: string;
  skipped: { account: Account; reason: CXFSkipReason }[];
}

const randomBytes = (length: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(length));

function skipReason(account: Account): CXFSkipReason | null {
  if (account.type === 'hotp') return 'hotp';
  if (account.type === 'steam') return 'steam';
  if (account.algorithm === 'MD5') return 'algorithm';
  // Readers built on the reference types hold the period in one byte.
  if (account.period > 255) return 'period';
  return null;
}

/** Write the accounts as a CXF 1.0 document. */
export function exportCXF(accounts: readonly Account[], options: CXFExportOptions): CXFExport {
  const random = options.random ?? randomBytes;
  const id = (): string => base64urlnopad.encode(random(16));
  const seconds = Math.floor(options.now / 1000);
  const skipped: CXFExport['skipped'] = [];
  const items: unknown[] = [];
  for (const account of accounts) {
    const reason = skipReason(account);
    if (reason !== null) {
      skipped.push({ account, reason });
      continue;
    }
    const credentials: unknown[] = [
      {
        type: 'totp',
        secret: encodeBase32(account.secret).replace(/=+$/, ''),
        period: account.period,
        digits: account.digits,
        username: account.name,
        algorithm: account.algorithm.toLowerCase(),
        issuer: account.issuer,
      },
    ];
    if (account.note)
      credentials.push({ type: 'note', content: { fieldType: 'string', value: account.note } });
    items.push({
      id: id(),
      creationAt: seconds,
      modifiedAt: seconds,
      title: account.issuer || account.name,
      credentials,
      ...(account.group ? { tags: [account.group] } : {}),
    });
  }
  const document = {
    version: { major: 1, minor: 0 },
    exporterRpId: options.exporterRpId ?? 'kakunin',
    exporterDisplayName: options.exporterDisplayName ?? 'Kakunin',
    timestamp: seconds,
    accounts: [{ id: id(), username: '', email: '', collections: [], items }],
  };
  return { text: `${JSON.stringify(document, null, 2)}\n`, skipped };
}
