import { startsWith } from './bytes.js';
import { ImportError } from './errors.js';
import { parsePrefs } from './formats/android-prefs.js';
import { JAVA_MAGIC } from './formats/java-map.js';
import {
  AUTHY_KEYS,
  authyEncrypted,
  authyTokens,
  BATTLE_NET_SECRET,
  isFreeOTPPrefs,
  TOTP_AUTHENTICATOR_KEY,
} from './formats/shapes.js';
import { isStratumEncrypted } from './formats/stratum.js';
import { SQLITE_MAGIC } from './sqlite/magic.js';
import type { FormatId } from './types.js';

/**
 * Recognising the files other apps keep in their data folder (a rooted phone's `/data/data/<app>/`):
 * Android preferences XML and binary files with a magic number. A file that is recognisably an app's but
 * not the one Kakunin reads is refused naming the app and the file to take instead.
 */

const hasPrefix = (names: Iterable<string>, prefix: string): boolean =>
  [...names].some((n) => n.startsWith(prefix));

/** The format of an Android preferences file, or an ImportError saying which app's file it is. */
export function detectPrefs(text: string): FormatId {
  const prefs = parsePrefs(text);
  if (prefs === null)
    throw new ImportError('DAMAGED', { detail: 'the preferences XML is cut off or malformed' });
  if (AUTHY_KEYS.some((key) => prefs.has(key))) {
    const tokens = authyTokens(prefs);
    if (tokens === null) throw new ImportError('DAMAGED', { detail: 'the Authy token list is not JSON' });
    return authyEncrypted(tokens) ? 'authy-encrypted' : 'authy';
  }
  if (prefs.has(BATTLE_NET_SECRET)) return 'battle-net';
  if (prefs.has(TOTP_AUTHENTICATOR_KEY)) return 'totp-authenticator';
  if (isFreeOTPPrefs(prefs)) return 'freeotp';
  if (hasPrefix(prefs.keys(), 'com.authy.')) {
    throw new ImportError('UNKNOWN_FORMAT', {
      app: 'Authy',
      detail: 'its tokens are in shared_prefs/com.authy.storage.tokens.authenticator.xml',
    });
  }
  if (hasPrefix(prefs.keys(), 'com.blizzard.messenger.')) {
    throw new ImportError('UNKNOWN_FORMAT', {
      app: 'Battle.net',
      detail: 'its authenticator is in shared_prefs/com.blizzard.messenger.authenticator_preferences.xml',
    });
  }
  throw new ImportError('UNKNOWN_FORMAT', {
    detail: 'the preferences (shared_prefs XML) of an app Kakunin does not read',
  });
}

/** The format of a binary file recognised by its magic number, or null. */
export function detectBinary(bytes: Uint8Array): FormatId | null {
  if (startsWith(bytes, JAVA_MAGIC)) return 'freeotp-encrypted';
  // Which app's database it is shows only in its tables, read when it is opened.
  if (startsWith(bytes, SQLITE_MAGIC)) return 'google-authenticator-db';
  if (isStratumEncrypted(bytes)) return 'stratum-encrypted';
  if (startsWith(bytes, ZIP_MAGIC) && hasZipEntry(bytes, 'Accounts.txt')) {
    throw new ImportError('UNSUPPORTED_VERSION', {
      app: 'Authenticator Plus',
      detail: 'a password-protected ZIP; open it with its password and import the Accounts.txt inside',
    });
  }
  return null;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether a ZIP's local file headers name an entry (names are readable even in an encrypted ZIP). */
function hasZipEntry(bytes: Uint8Array, name: string): boolean {
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 30 + wanted.length <= bytes.length && startsWith(bytes.subarray(at), ZIP_MAGIC); ) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at);
    const [compressed, nameLength, extra] = [
      view.getUint32(18, true),
      view.getUint16(26, true),
      view.getUint16(28, true),
    ];
    const entry = bytes.subarray(at + 30, at + 30 + nameLength);
    if (
      entry.length >= wanted.length &&
      wanted.every((b, i) => entry[entry.length - wanted.length + i] === b)
    )
      return true;
    at += 30 + nameLength + extra + compressed;
  }
  return false;
}
