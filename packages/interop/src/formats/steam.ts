import type { Account } from '@kakunin/otp';
import { decodeBase64 } from '../bytes.js';
import type { ReadResult } from '../types.js';
import { accountOf, convertEntries, damaged, isRecord, type JSONRecord, str } from './entry.js';

/**
 * Steam Guard secrets: Steam Desktop Authenticator's `.maFile` and the Steam app's own file on a rooted phone
 * (`/data/data/com.valvesoftware.android.steam.community/files/Steamguard-<steamid>`). The old layout is one
 * JSON object; the new one is `{ "accounts": { "<id>": {…} } }`. Each has `shared_secret` (base64, the
 * Steam Guard key) and `account_name`. Revocation codes and identity secrets are not part of an account.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/SteamImporter.java
 */

function steamAccount(entry: JSONRecord, where: string): Account {
  const secret = decodeBase64(str(entry, 'shared_secret'), `${where}: shared_secret`);
  if (secret.length === 0) throw damaged(`${where}: the shared secret is empty`);
  return accountOf({ type: 'steam', secret, issuer: 'Steam', name: str(entry, 'account_name') }, where);
}

/** Read a Steam Guard file. */
export function readSteam(json: JSONRecord): ReadResult {
  const list = isRecord(json.accounts) ? Object.values(json.accounts).filter(isRecord) : [json];
  const where = (e: JSONRecord, i: number): string => `account ${i + 1} (${str(e, 'account_name')})`;
  return { format: 'steam', pages: [], ...convertEntries(list, where, steamAccount) };
}
