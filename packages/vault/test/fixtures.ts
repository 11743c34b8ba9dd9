import { type Account, createAccount } from '@kakunin/otp';
import { stringifyJSON } from '../src/json-text.js';

/** Accounts covering every type and algorithm, built from the fields RFC 4226/6238 tests use. */
export const sampleAccounts: Account[] = [
  createAccount({
    secret: new TextEncoder().encode('12345678901234567890'),
    issuer: 'Example',
    name: 'alice@example.com',
  }),
  createAccount({
    type: 'hotp',
    secret: Uint8Array.from({ length: 32 }, (_, i) => i),
    issuer: 'Bank',
    name: 'bob',
    algorithm: 'SHA256',
    digits: 8,
    counter: 2n ** 62n + 5n,
    note: 'hardware token',
  }),
  createAccount({
    type: 'steam',
    secret: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    issuer: 'Steam',
    name: 'carol',
    group: 'Games',
  }),
  createAccount({
    secret: Uint8Array.of(0xff, 0xee, 0xdd),
    issuer: '確認',
    name: '太郎',
    algorithm: 'SHA512',
    digits: 10,
    period: 60,
    group: 'Work',
  }),
];

/** An unencrypted Aegis export (docs/vault.md layout) holding exactly these database fields. */
export const plainFile = (db: Record<string, unknown>): string =>
  stringifyJSON({ version: 1, header: { slots: null, params: null }, db }, 4);
