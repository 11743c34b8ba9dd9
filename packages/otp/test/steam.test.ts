import { describe, expect, it } from 'vitest';
import { code, createAccount, decodeBase32, steam } from '../src/index.ts';

// Steam Guard vectors from KeePassXC tests/TestTotp.cpp (also used by Authenticator Pro's SteamOtpTest).
const SECRET = decodeBase32('63BEDWCQZKTQWPESARIERL5DTTQFCJTK');
const STEAM_VECTORS: [seconds: number, code: string][] = [
  [1511200518, 'FR8RV'],
  [1511200714, '9P3VP'],
];

describe('steam', () => {
  it.each(STEAM_VECTORS)('matches the KeePassXC vector at %s s', (seconds, expected) => {
    expect(steam(SECRET, seconds * 1000)).toBe(expected);
  });

  it('is what code() shows for a Steam account', () => {
    const account = createAccount({ type: 'steam', secret: SECRET });
    expect(account.digits).toBe(5);
    expect(code(account, 1511200518_000)).toBe('FR8RV');
  });

  it('uses only the 26 Steam characters', () => {
    for (let t = 0; t < 200; t++)
      expect(steam(SECRET, t * 30_000)).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
  });
});
