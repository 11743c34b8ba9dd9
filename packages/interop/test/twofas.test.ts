import { type Account, encodeBase32, formatKeyURI } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';
import { twoFASSeal } from './support/seal.ts';

// Services as 2FAS writes them (schema 4; tokenType absent before schema 3 means TOTP).
// @see beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/TwoFASImporter.java
function service(a: Account, schema: number): object {
  const otp: Record<string, unknown> = {
    link: formatKeyURI(a),
    label: a.name,
    account: a.name,
    issuer: a.issuer,
    digits: a.digits,
    algorithm: a.algorithm,
  };
  if (a.type === 'hotp') otp.counter = Number(a.counter);
  else otp.period = a.period;
  if (schema >= 3) otp.tokenType = a.type.toUpperCase();
  return {
    name: a.issuer,
    secret: encodeBase32(a.secret),
    updatedAt: 1702934567518,
    otp,
    order: { position: 0 },
  };
}

const backup = (services: unknown, schema: number, extra: object = {}): object => ({
  services,
  groups: [],
  updatedAt: 1702934732299,
  schemaVersion: schema,
  appVersionCode: 5000009,
  appOrigin: 'android',
  ...extra,
});

const totps = SAMPLE.filter((a) => a.type === 'totp');

describe('2FAS backups', () => {
  it.each([3, 4])('reads plain schema %i with every token type', async (schema) => {
    const file = backup(
      SAMPLE.map((a) => service(a, schema)),
      schema,
    );
    const result = await importFile(bytesOf(JSON.stringify(file)), { filename: 'b.2fas' });
    expect(result.format).toBe('2fas');
    expect(result.accounts).toEqual(SAMPLE);
  });

  it.each([1, 2])('reads schema %i, whose service.type is a brand, not the OTP type', async (schema) => {
    // Older 2FAS versions wrote the icon's brand ("Unknown", "ManuallyAdded", "Google") in service.type.
    const brands = ['Unknown', 'ManuallyAdded', 'Google'];
    const file = backup(
      totps.map((a, i) => ({ ...service(a, schema), type: brands[i % brands.length] })),
      schema,
    );
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.warnings).toEqual([]);
    expect(result.accounts).toEqual(totps);
  });

  it.each([1, 2])('reads plain schema %i (no tokenType: TOTP)', async (schema) => {
    const file = backup(
      totps.map((a) => service(a, schema)),
      schema,
    );
    expect((await importFile(bytesOf(JSON.stringify(file)))).accounts).toEqual(totps);
  });

  it('puts services into their 2FAS group', async () => {
    const file = backup([{ ...service(SAMPLE[0]!, 4), groupId: 'g1' }], 4, {
      groups: [{ id: 'g1', name: 'Work' }],
    });
    expect((await importFile(bytesOf(JSON.stringify(file)))).accounts).toEqual([
      { ...SAMPLE[0], group: 'Work' },
    ]);
  });

  it('decrypts an encrypted backup and tells wrong passwords from damaged files', async () => {
    const salt = new Uint8Array(256).fill(1);
    const iv = new Uint8Array(12).fill(2);
    const sealed = await twoFASSeal(JSON.stringify(SAMPLE.map((a) => service(a, 4))), 'secret', salt, iv);
    const reference = await twoFASSeal('reference text', 'secret', salt, new Uint8Array(12).fill(3));
    const file = backup([], 4, { servicesEncrypted: sealed, reference });
    const bytes = bytesOf(JSON.stringify(file));
    const name = { filename: 'enc.2fas' };
    await expect(importFile(bytes, name)).rejects.toMatchObject({ code: 'PASSWORD_REQUIRED', ...name });
    await expect(importFile(bytes, { ...name, password: 'wrong' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
    });
    const result = await importFile(bytes, { ...name, password: 'secret' });
    expect(result.format).toBe('2fas-encrypted');
    expect(result.accounts).toEqual(SAMPLE);

    const altered = sealed.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const damaged = bytesOf(JSON.stringify({ ...file, servicesEncrypted: altered }));
    await expect(importFile(damaged, { ...name, password: 'secret' })).rejects.toMatchObject({
      code: 'DAMAGED',
    });
  });

  it('decrypts a schema 2 backup whose services carry a brand type and no tokenType', async () => {
    const services = totps.map((a) => ({ ...service(a, 2), type: 'Unknown' }));
    const sealed = await twoFASSeal(JSON.stringify(services), 'pw', new Uint8Array(256), new Uint8Array(12));
    const file = backup([], 2, { servicesEncrypted: sealed });
    const result = await importFile(bytesOf(JSON.stringify(file)), { password: 'pw' });
    expect(result).toMatchObject({ format: '2fas-encrypted', warnings: [] });
    expect(result.accounts).toEqual(totps);
  });

  it('reports schema versions newer than 4 as UNSUPPORTED_VERSION', async () => {
    const file = backup([service(SAMPLE[0]!, 4)], 5);
    await expect(importFile(bytesOf(JSON.stringify(file)))).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
    });
  });
});
