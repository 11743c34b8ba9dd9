import type { ReadResult } from '../types.js';
import type { Prefs } from './android-prefs.js';
import { accountOf, damaged } from './entry.js';
import { BATTLE_NET_SECRET, BATTLE_NET_PREFIX as PREFIX } from './shapes.js';

/**
 * The Battle.net app's authenticator, in its preferences file on a rooted phone:
 * `/data/data/com.blizzard.messenger/shared_prefs/com.blizzard.messenger.authenticator_preferences.xml`.
 * `AUTHENTICATOR_DEVICE_SECRET` and `AUTHENTICATOR_SERIAL` are hex, XOR-masked with a fixed key the app
 * ships (encryption type "MASK"); unmasked, the secret is the hex of a TOTP key (SHA-1, 8 digits, 30 s)
 * and the serial reads like "US221120503346", shown as US-2211-2050-3346.
 * @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/BattleNetImporter.java
 */

// The app's fixed mask (public: it is in every copy of the app and in Aegis's importer).
const MASK = hexBytes(
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a',
);

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

function unmask(hex: string, what: string): string {
  if (!/^([0-9a-f]{2})+$/i.test(hex) || hex.length / 2 > MASK.length)
    throw damaged(`${what} is not masked hex`);
  return String.fromCharCode(...hexBytes(hex).map((b, i) => b ^ (MASK[i] ?? 0)));
}

/** The serial as the app shows it: region, then groups of four digits. */
const shownSerial = (serial: string): string => {
  const m = /^([A-Z]{2})(\d{4})(\d{4})(\d{4})$/.exec(serial);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}` : serial;
};

/** Read the Battle.net authenticator's preferences. */
export function readBattleNet(prefs: Prefs): ReadResult {
  const masked = prefs.get(BATTLE_NET_SECRET) ?? '';
  const type = prefs.get(`${PREFIX}AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE`);
  if (type !== undefined && type !== 'MASK') throw damaged(`unknown Battle.net secret protection "${type}"`);
  const secretHex = unmask(masked, 'the device secret');
  if (!/^([0-9a-f]{2})+$/i.test(secretHex)) throw damaged('the device secret does not unmask to hex');
  const serialMasked = prefs.get(`${PREFIX}AUTHENTICATOR_SERIAL`) ?? '';
  const name = serialMasked === '' ? '' : shownSerial(unmask(serialMasked, 'the serial'));
  const account = accountOf(
    { type: 'totp', secret: hexBytes(secretHex), issuer: 'Battle.net', name, digits: 8, period: 30 },
    'the Battle.net authenticator',
  );
  return { format: 'battle-net', accounts: [account], warnings: [], pages: [] };
}
