import { describe, expect, it } from 'vitest';
import { openVault, readPlainVault } from '../src/index.js';
import { plainFile } from './fixtures.js';
import { rememberingScrypt } from './helpers.js';

// Entry layouts from Aegis's YandexInfo/MotpInfo (type, info.pin) and VaultEntry.toJson (archived, icon_hash).
const yandex = {
  type: 'yandex',
  uuid: '11111111-1111-4111-8111-111111111111',
  name: 'ivan',
  issuer: 'Yandex',
  note: '',
  favorite: false,
  icon: null,
  info: { secret: 'LA2V6KMCGYMWWVEW64RNP3JA3I', algo: 'SHA256', digits: 8, period: 30, pin: '5239' },
  groups: [],
};
const motp = {
  type: 'motp',
  uuid: '22222222-2222-4222-8222-222222222222',
  name: 'max',
  issuer: 'mOTP',
  icon: null,
  info: { secret: 'E3MDTP7ZGR7IFEIB', algo: 'MD5', digits: 6, period: 10, pin: '1234' },
};
const totp = {
  type: 'totp',
  uuid: '33333333-3333-4333-8333-333333333333',
  name: 'alice',
  issuer: 'Example',
  note: 'keep me',
  favorite: true,
  icon: 'iVBORw0KGgo=',
  icon_mime: 'image/png',
  icon_hash: 'ab'.repeat(32),
  archived: true,
  usage_count: 12,
  info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 6, period: 30, future_field: [1, 2] },
  groups: ['44444444-4444-4444-8444-444444444444'],
};
const groups = [{ uuid: '44444444-4444-4444-8444-444444444444', name: 'Work', colour: 'blue' }];
const db = {
  version: 3,
  entries: [yandex, totp, motp],
  groups,
  icons_optimized: true,
  future_db_field: { a: 1 },
};

describe('entries and fields this vault does not manage', () => {
  it('shows supported entries, lists the others, and keeps both in place', () => {
    const vault = readPlainVault(plainFile(db));
    expect(vault.entries().map((e) => e.id)).toEqual([totp.uuid]);
    expect(vault.entries()[0]!.account).toMatchObject({
      note: 'keep me',
      group: 'Work',
      icon: 'data:image/png;base64,iVBORw0KGgo=',
    });
    expect(vault.unsupportedEntries().map((e) => [e.type, e.issuer])).toEqual([
      ['yandex', 'Yandex'],
      ['motp', 'mOTP'],
    ]);
    expect(JSON.parse(vault.exportPlain()).db).toEqual(db);
  });

  it('keeps them through encryption, reopening and edits of the neighbouring entry', async () => {
    const scrypt = rememberingScrypt();
    const plain = readPlainVault(plainFile(db));
    await plain.changePassword('pw');
    const vault = await openVault(await plain.serialize(), 'pw', { scrypt });
    vault.update(totp.uuid, { name: 'alice2' });
    vault.move(totp.uuid, 0);
    vault.add(vault.entries()[0]!.account);
    const out = JSON.parse(vault.exportPlain()).db;
    expect(out.entries.slice(0, 3)).toEqual([yandex, { ...totp, name: 'alice2' }, motp]);
    expect(out.future_db_field).toEqual({ a: 1 });
    expect(out.groups).toEqual(groups);
  });

  it('drops the icon hash when the icon changes, so Aegis computes it again', () => {
    const vault = readPlainVault(plainFile(db));
    vault.update(totp.uuid, { icon: 'data:image/svg+xml;base64,PHN2Zy8+' });
    const entry = JSON.parse(vault.exportPlain()).db.entries[1];
    expect(entry).toMatchObject({ icon: 'PHN2Zy8+', icon_mime: 'image/svg+xml', archived: true });
    expect(entry).not.toHaveProperty('icon_hash');
    vault.update(totp.uuid, { icon: undefined });
    expect(JSON.parse(vault.exportPlain()).db.entries[1]).toMatchObject({ icon: null });
  });

  it('moves a version 1 group name into a version 3 group, as Aegis does', () => {
    const old = { ...totp, groups: undefined, group: 'Private' };
    const vault = readPlainVault(plainFile({ version: 1, entries: [old] }));
    expect(vault.entries()[0]!.account.group).toBe('Private');
    const out = JSON.parse(vault.exportPlain()).db;
    expect(out.version).toBe(3);
    expect(out.groups).toEqual([{ uuid: expect.any(String), name: 'Private' }]);
    expect(out.entries[0].groups).toEqual([out.groups[0].uuid]);
    expect(out.entries[0]).not.toHaveProperty('group');
    // Aegis reads a missing icons_optimized as false and then optimises the icons itself.
    expect(out.icons_optimized).toBe(false);
  });

  it('keeps an entry with out-of-range fields instead of losing it, and says why', () => {
    const broken = {
      ...totp,
      uuid: '55555555-5555-4555-8555-555555555555',
      info: { ...totp.info, digits: 12 },
    };
    const vault = readPlainVault(plainFile({ version: 3, entries: [broken], groups }));
    expect(vault.entries()).toEqual([]);
    expect(vault.unsupportedEntries()).toEqual([
      {
        id: broken.uuid,
        type: 'totp',
        issuer: 'Example',
        name: 'alice',
        reason: expect.stringContaining('digits'),
      },
    ]);
    expect(JSON.parse(vault.exportPlain()).db.entries).toEqual([broken]);
  });

  it('reads a key written leniently, and keeps an entry whose key is not base32 and says why', () => {
    const keyed = (n: number, secret: string) => ({
      ...totp,
      uuid: `66666666-6666-4666-8666-66666666666${n}`,
      name: `key ${n}`,
      info: { ...totp.info, secret },
    });
    const entries = [
      keyed(0, 'jbsw y3dp-ehpk 3pxp'),
      keyed(1, 'JBSWY3DPEHPK3PX1'),
      keyed(2, 'MZXW6YR'),
      keyed(3, ''),
    ];
    const vault = readPlainVault(plainFile({ version: 3, entries, groups }));
    const [lenient] = vault.entries();
    expect(vault.entries()).toHaveLength(1);
    // "Hello!" and DE AD BE EF.
    expect(lenient!.account.secret).toEqual(
      new Uint8Array([72, 101, 108, 108, 111, 33, 0xde, 0xad, 0xbe, 0xef]),
    );
    expect(lenient!.account.secret).toBe(lenient!.account.secret);
    expect(vault.unsupportedEntries().map(({ name, reason }) => [name, reason])).toEqual([
      ['key 1', expect.stringContaining('base32')],
      ['key 2', expect.stringContaining('padding')],
      ['key 3', expect.stringContaining('empty')],
    ]);
    // Written back: the key in strict form, the others as they were.
    expect(JSON.parse(vault.exportPlain()).db.entries.map((e: typeof totp) => e.info.secret)).toEqual([
      'JBSWY3DPEHPK3PXP',
      'JBSWY3DPEHPK3PX1',
      'MZXW6YR',
      '',
    ]);
  });
});
