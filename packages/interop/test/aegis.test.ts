import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAegis, importFile } from '../src/index.ts';
import { anyAccount, bytesOf, SAMPLE } from './support/accounts.ts';

describe('Aegis vaults', () => {
  it('round-trips any accounts exactly through a plain Aegis export', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyAccount, { minLength: 0, maxLength: 8 }), async (accounts) => {
        const result = await importFile(bytesOf(await exportAegis(accounts)));
        expect(result.format).toBe('aegis');
        expect(result.accounts).toEqual(accounts);
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips any accounts exactly through an encrypted Aegis export (few runs: scrypt is slow)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyAccount, { minLength: 1, maxLength: 5 }),
        fc.string({ minLength: 1 }),
        async (accounts, pw) => {
          const result = await importFile(bytesOf(await exportAegis(accounts, { password: pw })), {
            password: pw,
          });
          expect(result.accounts).toEqual(accounts);
        },
      ),
      { numRuns: 3 },
    );
  }, 30_000);

  it('round-trips notes and groups through an encrypted Aegis export with its password', async () => {
    const withMeta = [
      ...SAMPLE,
      { ...SAMPLE[0]!, name: 'second', note: 'backup codes in the drawer', group: 'Work' },
    ];
    const text = await exportAegis(withMeta, { password: 'correct horse' });
    expect(JSON.parse(text).header.slots).toHaveLength(1);
    const result = await importFile(bytesOf(text), { password: 'correct horse' });
    expect(result.format).toBe('aegis-encrypted');
    expect(result.accounts).toEqual(withMeta);
  });

  it('asks for the password, rejects a wrong one and detects a damaged file', async () => {
    const text = await exportAegis(SAMPLE, { password: 'pw' });
    const file = { filename: 'aegis-backup.json' };
    await expect(importFile(bytesOf(text), file)).rejects.toMatchObject({
      code: 'PASSWORD_REQUIRED',
      ...file,
    });
    await expect(importFile(bytesOf(text), { ...file, password: 'nope' })).rejects.toMatchObject({
      code: 'WRONG_PASSWORD',
      ...file,
    });
    const json = JSON.parse(text);
    const db: string = json.db;
    json.db = db.slice(0, 10) + (db[10] === 'A' ? 'B' : 'A') + db.slice(11);
    await expect(
      importFile(bytesOf(JSON.stringify(json)), { ...file, password: 'pw' }),
    ).rejects.toMatchObject({
      code: 'DAMAGED',
    });
  });
});
