import { type Account, type Algorithm, decodeBase32Lenient } from '@kakunin/otp';
import { ImportError } from '../errors.js';
import type { ReadResult } from '../types.js';
import type { Notice } from '../warnings.js';
import { accountOf, damaged, isRecord, type JSONRecord, num, str } from './entry.js';

/**
 * The FIDO Alliance's Credential Exchange Format 1.0 (CXF, Proposed Standard of 2025-08-14 and its errata),
 * as a JSON file: a header (`version` {major, minor}, `exporterRpId`, `exporterDisplayName`, `timestamp`,
 * `accounts[]`), each account with `items[]`, each item with `title`, `tags` and `credentials[]` tagged by
 * `type`. Kakunin reads the `totp` credentials (`secret` base32, `period`, `digits`, `username`,
 * `algorithm` sha1/sha256/sha512, `issuer`) and a `note` in the same item; every other credential type
 * (passwords, passkeys, cards…) is counted and skipped. A TOTP credential with an algorithm the standard
 * does not define is ignored, as §TotpCredential asks importers to. A bare account object is read too.
 * @see https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html
 */

const ALGORITHMS: Record<string, Algorithm> = { sha1: 'SHA1', sha256: 'SHA256', sha512: 'SHA512' };

/** The text of an EditableField ({ fieldType, value }) or of a plain string. */
const fieldText = (v: unknown): string => (isRecord(v) ? str(v, 'value') : typeof v === 'string' ? v : '');

function totpAccount(credential: JSONRecord, item: JSONRecord, note: string, where: string): Account | null {
  const algorithm = ALGORITHMS[str(credential, 'algorithm').toLowerCase()];
  if (algorithm === undefined) return null;
  let secret: Uint8Array;
  try {
    secret = decodeBase32Lenient(str(credential, 'secret'));
  } catch (cause) {
    throw damaged(`${where}: the secret is not valid base32`, cause);
  }
  if (secret.length === 0) throw damaged(`${where}: the secret is missing`);
  const fields: Partial<Account> & { secret: Uint8Array } = {
    type: 'totp',
    secret,
    // An exporter that knows the issuer is empty says so; without the member the item's title stands in.
    issuer: 'issuer' in credential ? str(credential, 'issuer') : str(item, 'title'),
    name: str(credential, 'username'),
    algorithm,
    digits: num(credential, 'digits', 6) ?? 6,
    period: num(credential, 'period', 30) ?? 30,
  };
  const tags = Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];
  if (tags[0]) fields.group = tags[0];
  if (note) fields.note = note;
  return accountOf(fields, where);
}

const skippedKinds = (counts: Map<string, number>): Notice => {
  const list = [...counts].map(([type, n]) => `${type} ${n}`).join(', ');
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    en: `${total} credential(s) of kinds an authenticator does not hold were skipped (${list}).`,
    ja: `認証アプリが扱わない種類の資格情報 ${total} 件を読み込みませんでした（${list}）。`,
  };
};

const unknownAlgorithm = (where: string, algorithm: string): Notice => ({
  en: `${where}: a TOTP credential with the algorithm "${algorithm}", which CXF does not define, was skipped as the standard asks.`,
  ja: `${where}: CXF に定義のないアルゴリズム「${algorithm}」の TOTP は、規格のとおり読み込みませんでした。`,
});

/** Read a CXF 1.x document's TOTP credentials. */
export function readCXF(json: JSONRecord): ReadResult {
  if (isRecord(json.version) && num(json.version, 'major') !== 1) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      app: 'the Credential Exchange Format',
      detail: `CXF version ${str(json.version, 'major')}.${str(json.version, 'minor')}`,
    });
  }
  const accounts: Account[] = [];
  const warnings: Notice[] = [];
  const skipped = new Map<string, number>();
  const holders = Array.isArray(json.accounts) ? json.accounts.filter(isRecord) : [json];
  let n = 0;
  for (const holder of holders) {
    for (const item of (holder.items as unknown[]).filter(isRecord)) {
      n += 1;
      const where = `item ${n} (${str(item, 'title')})`;
      const credentials = (item.credentials as unknown[]).filter(isRecord);
      const note = credentials
        .filter((c) => c.type === 'note')
        .map((c) => fieldText(c.content))
        .join('\n');
      const hasTOTP = credentials.some((c) => c.type === 'totp');
      for (const credential of credentials) {
        const type = str(credential, 'type');
        if (type === 'totp') {
          const account = totpAccount(credential, item, note, where);
          if (account === null) warnings.push(unknownAlgorithm(where, str(credential, 'algorithm')));
          else accounts.push(account);
        } else if (!(type === 'note' && hasTOTP)) {
          skipped.set(type || 'unknown', (skipped.get(type || 'unknown') ?? 0) + 1);
        }
      }
    }
  }
  if (skipped.size > 0) warnings.push(skippedKinds(skipped));
  return { format: 'cxf', accounts, warnings, pages: [] };
}
