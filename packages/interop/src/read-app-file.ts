import type { Detected } from './detect.js';
import { ImportError } from './errors.js';
import { parsePrefs } from './formats/android-prefs.js';
import { isRecord } from './formats/entry.js';
import { authyTokens } from './formats/shapes.js';
import type { ReadResult } from './types.js';

/**
 * Readers of the formats added after the first ten, each loaded only when such a file is imported so that
 * the app's import chunk stays small (SQLite and Argon2id readers are large).
 */

const prefsOf = (text: string | null) => {
  const prefs = parsePrefs(text ?? '');
  if (prefs === null)
    throw new ImportError('UNKNOWN_FORMAT', { detail: 'not an Android preferences XML file' });
  return prefs;
};

const record = (json: unknown, format: string): Record<string, unknown> => {
  if (!isRecord(json)) throw new ImportError('UNKNOWN_FORMAT', { detail: `not a ${format} JSON object` });
  return json;
};

/** Read a file of one of the formats below (detection or the caller chose it). */
export async function readAppFile(
  bytes: Uint8Array,
  found: Detected,
  password: string | undefined,
): Promise<ReadResult> {
  const { format, text, json } = found;
  switch (format) {
    case 'authy':
    case 'authy-encrypted': {
      const { readAuthy } = await import('./formats/authy.js');
      const tokens = authyTokens(prefsOf(text));
      if (tokens === null)
        throw new ImportError('UNKNOWN_FORMAT', { app: 'Authy', detail: 'no Authy token list' });
      return readAuthy(tokens, password);
    }
    case 'battle-net':
      return (await import('./formats/battle-net.js')).readBattleNet(prefsOf(text));
    case 'duo':
      return (await import('./formats/duo.js')).readDuo(json);
    case 'freeotp':
      return (await import('./formats/freeotp.js')).readFreeOTPPrefs(prefsOf(text));
    case 'freeotp-encrypted':
      return (await import('./formats/freeotp.js')).readFreeOTPBackup(bytes, password);
    case 'steam':
      return (await import('./formats/steam.js')).readSteam(record(json, format));
    case 'totp-authenticator':
      return (await import('./formats/totp-authenticator.js')).readTOTPAuthenticatorPrefs(prefsOf(text));
    case 'totp-authenticator-encrypted':
      return (await import('./formats/totp-authenticator.js')).readTOTPAuthenticatorBackup(
        text ?? '',
        password,
      );
    case 'google-authenticator-db':
    case 'microsoft-authenticator-db':
      return (await import('./formats/app-databases.js')).readAppDatabase(bytes);
    case 'stratum-encrypted':
      return (await import('./formats/stratum-encrypted.js')).readStratumEncrypted(bytes, password);
    case 'bitwarden-json-encrypted':
      return (await import('./formats/bitwarden-encrypted.js')).readBitwardenEncrypted(
        record(json, format),
        password,
      );
    case 'cxf':
      return (await import('./formats/cxf.js')).readCXF(record(json, format));
    default:
      throw new TypeError(`no reader for ${format}`);
  }
}
