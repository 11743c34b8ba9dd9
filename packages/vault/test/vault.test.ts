import { createDecipheriv, scryptSync } from 'node:crypto';
import { createAccount } from '@kakunin/otp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVault, openVault, readPlainVault, type Vault, VaultError } from '../src/index.js';
import { plainFile, sampleAccounts } from './fixtures.js';
import { rememberingScrypt, seededRandom } from './helpers.js';

const scrypt = rememberingScrypt();
const emptyPlain = plainFile({ version: 3, entries: [], groups: [], icons_optimized: true });
const fresh = (): Vault => readPlainVault(emptyPlain);

describe('a new vault', () => {
  let text: string;
  beforeAll(async () => {
    const vault = await createVault('correct horse', { scrypt });
    for (const account of sampleAccounts) vault.add(account);
    text = await vault.serialize();
  });

  it('has the Aegis header: one password slot with scrypt N=2^15, r=8, p=1 and a 32-byte salt', () => {
    const file = JSON.parse(text);
    expect(file.version).toBe(1);
    expect(file.header.slots).toHaveLength(1);
    const [slot] = file.header.slots;
    expect(slot).toMatchObject({ type: 1, n: 32768, r: 8, p: 1, repaired: true, is_backup: false });
    expect(slot.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(slot.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(slot.key).toMatch(/^[0-9a-f]{64}$/);
    expect(slot.key_params.nonce).toMatch(/^[0-9a-f]{24}$/);
    expect(slot.key_params.tag).toMatch(/^[0-9a-f]{32}$/);
    expect(file.header.params.nonce).toMatch(/^[0-9a-f]{24}$/);
    expect(file.db).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('decrypts with an independent implementation (node:crypto) to an Aegis version 3 database', () => {
    const file = JSON.parse(text);
    const [slot] = file.header.slots;
    const hex = (s: string): Buffer => Buffer.from(s, 'hex');
    const unwrap = (key: Buffer, data: Buffer, nonce: string, tag: string): Buffer => {
      const decipher = createDecipheriv('aes-256-gcm', key, hex(nonce));
      decipher.setAuthTag(hex(tag));
      return Buffer.concat([decipher.update(data), decipher.final()]);
    };
    const derived = scryptSync('correct horse', hex(slot.salt), 32, {
      N: 32768,
      r: 8,
      p: 1,
      maxmem: 64 * 2 ** 20,
    });
    const master = unwrap(derived, hex(slot.key), slot.key_params.nonce, slot.key_params.tag);
    const dbText = unwrap(
      master,
      Buffer.from(file.db, 'base64'),
      file.header.params.nonce,
      file.header.params.tag,
    );
    const db = JSON.parse(dbText.toString());
    expect(db).toMatchObject({ version: 3, icons_optimized: true });
    expect(db.groups.map((g: { name: string }) => g.name)).toEqual(['Games', 'Work']);
    expect(db.entries[0]).toEqual({
      type: 'totp',
      uuid: expect.any(String),
      name: 'alice@example.com',
      issuer: 'Example',
      note: '',
      favorite: false,
      icon: null,
      info: { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algo: 'SHA1', digits: 6, period: 30 },
      groups: [],
    });
    expect(db.entries[1].info).toEqual({
      secret: expect.any(String),
      algo: 'SHA256',
      digits: 8,
      counter: 2 ** 62,
    });
    // Exactly, beyond 2^53: the counter is written as a JSON integer with every digit.
    expect(dbText.toString()).toContain(`"counter":${2n ** 62n + 5n}`);
    expect(db.entries[1].note).toBe('hardware token');
    expect(db.entries[2].groups).toEqual([db.groups[0].uuid]);
  });

  it('opens with its password, giving back every account in order', async () => {
    const vault = await openVault(text, 'correct horse', { scrypt });
    expect(vault.entries().map((e) => e.account)).toEqual(sampleAccounts);
    expect(vault.entries()[1]!.account.counter).toBe(2n ** 62n + 5n);
  });

  it('refuses a wrong password with WRONG_PASSWORD and an actionable message', async () => {
    const error = await openVault(text, 'correct horse ', { scrypt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      code: 'WRONG_PASSWORD',
      message: expect.stringMatching(/^Wrong password\./),
    });
  });
});

describe('changing the password', () => {
  it('opens with the new password only, under a new master key, with the entries unchanged', async () => {
    const vault = await createVault('old password', { scrypt });
    vault.add(sampleAccounts[0]!);
    const before = JSON.parse(await vault.serialize());
    await vault.changePassword('new password');
    const text = await vault.serialize();
    const after = JSON.parse(text);
    expect(after.header.slots).toHaveLength(1);
    expect(after.header.slots[0].salt).not.toBe(before.header.slots[0].salt);
    await expect(openVault(text, 'old password', { scrypt })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    const reopened = await openVault(text, 'new password', { scrypt });
    expect(reopened.entries()).toEqual(vault.entries());
    // The old slot cannot open the new content: the master key changed too.
    const spliced = JSON.stringify({ ...after, header: { ...after.header, slots: before.header.slots } });
    await expect(openVault(spliced, 'old password', { scrypt })).rejects.toMatchObject({ code: 'DAMAGED' });
  });

  it('turns a plain export into an encrypted vault', async () => {
    const vault = fresh();
    vault.add(sampleAccounts[2]!);
    expect(vault.encrypted).toBe(false);
    await expect(vault.serialize()).rejects.toThrow(TypeError);
    await vault.changePassword('pw');
    expect(vault.encrypted).toBe(true);
    expect((await openVault(await vault.serialize(), 'pw', { scrypt })).entries()).toEqual(vault.entries());
  });

  it('refuses an empty password', async () => {
    await expect(createVault('', { scrypt })).rejects.toThrow(RangeError);
  });
});

describe('editing entries', () => {
  it('adds, updates, moves and removes entries by id', () => {
    const vault = fresh();
    const [a, b, c] = sampleAccounts.slice(0, 3).map((account) => vault.add(account));
    expect(vault.entries().map((e) => e.id)).toEqual([a!.id, b!.id, c!.id]);
    const renamed = vault.update(b!.id, { issuer: 'Bank of Kakunin', favorite: true, counter: 7n });
    expect(renamed.account).toMatchObject({
      issuer: 'Bank of Kakunin',
      name: 'bob',
      counter: 7n,
      type: 'hotp',
    });
    expect(renamed.favorite).toBe(true);
    vault.move(c!.id, 0);
    expect(vault.entries().map((e) => e.id)).toEqual([c!.id, a!.id, b!.id]);
    vault.move(c!.id, 2);
    expect(vault.entries().map((e) => e.id)).toEqual([a!.id, b!.id, c!.id]);
    vault.remove(a!.id);
    expect(vault.entries().map((e) => e.id)).toEqual([b!.id, c!.id]);
    expect(() => vault.remove(a!.id)).toThrow(RangeError);
    expect(() => vault.move(b!.id, 2)).toThrow(RangeError);
    expect(() => vault.update('nope', { name: 'x' })).toThrow(RangeError);
  });

  it('keeps a counter only for hotp and a period only for the other types, as the format does', () => {
    const vault = fresh();
    const totp = vault.add(createAccount({ secret: Uint8Array.of(1), period: 60, counter: 9n }));
    const hotp = vault.add(
      createAccount({ type: 'hotp', secret: Uint8Array.of(1), period: 60, counter: 9n }),
    );
    expect(totp.account).toMatchObject({ period: 60, counter: 0n });
    expect(hotp.account).toMatchObject({ period: 30, counter: 9n });
    expect(readPlainVault(vault.exportPlain()).entries()).toEqual([totp, hotp]);
  });

  it('rejects invalid fields without changing the entry', () => {
    const vault = fresh();
    const entry = vault.add(sampleAccounts[1]!);
    expect(() => vault.update(entry.id, { digits: 11 })).toThrow(RangeError);
    // Aegis reads counters as a Java long: 2^63 would make the whole vault unreadable there.
    expect(() => vault.update(entry.id, { counter: 2n ** 63n })).toThrow(RangeError);
    expect(() =>
      vault.add(createAccount({ secret: Uint8Array.of(1), icon: 'https://example.com/x.png' })),
    ).toThrow(RangeError);
    expect(vault.entries()).toEqual([entry]);
  });

  it('moves an account between groups, creating a group by name and clearing it', () => {
    const vault = fresh();
    const entry = vault.add(sampleAccounts[0]!);
    expect(vault.update(entry.id, { group: 'Work' }).account.group).toBe('Work');
    expect(vault.update(entry.id, { group: '' }).account.group).toBeUndefined();
    const db = JSON.parse(vault.exportPlain()).db;
    expect(db.groups.map((g: { name: string }) => g.name)).toEqual(['Work']);
    expect(db.entries[0].groups).toEqual([]);
  });
});

describe('files that are not vaults we can open', () => {
  const cases: [string, string, string][] = [
    ['plain text', 'otpauth://totp/x?secret=AAAA', 'NOT_A_VAULT'],
    ['an empty file', '', 'NOT_A_VAULT'],
    ['a JSON array (andOTP)', '[{"secret":"AAAA"}]', 'NOT_A_VAULT'],
    ['another app’s JSON (2FAS)', '{"schemaVersion":4,"services":[]}', 'NOT_A_VAULT'],
    ['a newer file version', '{"version":2,"header":{},"db":""}', 'UNSUPPORTED_VERSION'],
    ['a newer database version', plainFile({ version: 4, entries: [] }), 'UNSUPPORTED_VERSION'],
    ['a vault cut short', '{"version":1,"header":{"slots":[{"type":1,', 'DAMAGED'],
    ['a vault whose entries are not a list', plainFile({ version: 3, entries: {} }), 'DAMAGED'],
  ];
  it.each(cases)('%s → %s', (_name, text, code) => {
    expect(() => readPlainVault(text)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses to spend minutes on a file with hundreds of password slots', async () => {
    const file = JSON.parse(await (await createVault('pw', { scrypt })).serialize());
    const slots = Array.from({ length: 200 }, () => file.header.slots[0]);
    const text = JSON.stringify({ ...file, header: { ...file.header, slots } });
    await expect(openVault(text, 'wrong', { scrypt })).rejects.toMatchObject({ code: 'DAMAGED' });
  });

  it('says when a vault has no password slot (biometric only)', async () => {
    const text = JSON.stringify({
      version: 1,
      header: {
        slots: [{ type: 2, uuid: 'x', key: '00', key_params: { nonce: '00', tag: '00' } }],
        params: { nonce: '00', tag: '00' },
      },
      db: 'AAAA',
    });
    await expect(openVault(text, 'pw', { scrypt })).rejects.toMatchObject({ code: 'NO_PASSWORD_SLOT' });
  });
});

describe('entries handed out', () => {
  it('cannot be changed behind the vault’s back', () => {
    const vault = fresh();
    const secret = Uint8Array.of(1, 2, 3);
    const entry = vault.add(createAccount({ secret, issuer: 'A' }));
    secret.fill(0);
    expect(vault.entries()[0]!.account.secret).toEqual(Uint8Array.of(1, 2, 3));
    expect(() => {
      (entry.account as { issuer: string }).issuer = 'B';
    }).toThrow(TypeError);
    const read = readPlainVault(vault.exportPlain()).entries()[0]!;
    expect(Object.isFrozen(read) && Object.isFrozen(read.account)).toBe(true);
  });
});

describe('injected randomness', () => {
  it('makes every key, salt, nonce and uuid come from the given source, and nothing else', async () => {
    const write = async (seed: number): Promise<string> => {
      const vault = await createVault('pw', { scrypt, random: seededRandom(seed) });
      for (const account of sampleAccounts) vault.add(account);
      return vault.serialize();
    };
    const text = await write(7);
    expect(await write(7)).toBe(text);
    expect(await write(8)).not.toBe(text);
    expect((await openVault(text, 'pw', { scrypt })).entries().map((e) => e.account)).toEqual(sampleAccounts);
  });

  it('reads a file that starts with a UTF-8 byte-order mark', () => {
    expect(readPlainVault(`\uFEFF${emptyPlain}`).entries()).toEqual([]);
  });
});
