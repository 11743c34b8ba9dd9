import { afterEach, describe, expect, it } from 'vitest';
import { deleteExpiredPayloads, KyselyAdapter } from '../../src/oidc/adapter.js';
import { dialects, freshDatabase, type TestDatabase } from '../support/harness.js';

describe.each(dialects())('the provider storage on the database (%s)', (dialect) => {
  let test: TestDatabase | undefined;
  afterEach(async () => {
    await test?.dispose();
    test = undefined;
  });

  it('stores, finds, consumes and destroys a payload by model and id', async () => {
    test = await freshDatabase(dialect);
    let now = 1_000_000;
    const codes = new KyselyAdapter(test.database.db, 'AuthorizationCode', () => now);
    const tokens = new KyselyAdapter(test.database.db, 'AccessToken', () => now);
    await codes.upsert('c1', { accountId: 'sub-1', clientId: 'app', grantId: 'g1', scope: 'openid' }, 60);
    expect(await codes.find('c1')).toEqual({
      accountId: 'sub-1',
      clientId: 'app',
      grantId: 'g1',
      scope: 'openid',
    });
    // Models are separate namespaces: the same id in another model is another row.
    expect(await tokens.find('c1')).toBeUndefined();

    now += 1000;
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toBe(Math.floor(now / 1000));

    // An upsert replaces the payload.
    await codes.upsert('c1', { accountId: 'sub-1', clientId: 'app', scope: 'openid email' }, 60);
    expect((await codes.find('c1'))?.scope).toBe('openid email');
    await codes.destroy('c1');
    expect(await codes.find('c1')).toBeUndefined();
  });

  it('hides expired payloads and sweeps them', async () => {
    test = await freshDatabase(dialect);
    let now = 5_000_000;
    const sessions = new KyselyAdapter(test.database.db, 'Session', () => now);
    await sessions.upsert('s1', { uid: 'u1', accountId: 'sub-1' }, 10);
    await sessions.upsert('s2', { uid: 'u2', accountId: 'sub-2' }, 0);
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'sub-1' });
    now += 10_000;
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
    // expiresIn 0: kept until destroyed.
    expect(await sessions.find('s2')).toMatchObject({ accountId: 'sub-2' });
    expect(await deleteExpiredPayloads(test.database.db, now)).toBe(1);
  });

  it('revokes everything issued under a grant, across models, and finds by user code', async () => {
    test = await freshDatabase(dialect);
    const db = test.database.db;
    const access = new KyselyAdapter(db, 'AccessToken');
    const refresh = new KyselyAdapter(db, 'RefreshToken');
    const device = new KyselyAdapter(db, 'DeviceCode');
    await access.upsert('a1', { grantId: 'g1' }, 60);
    await refresh.upsert('r1', { grantId: 'g1' }, 60);
    await refresh.upsert('r2', { grantId: 'g2' }, 60);
    await device.upsert('d1', { userCode: 'ABCD-EFGH' }, 60);
    expect(await device.findByUserCode('ABCD-EFGH')).toMatchObject({ userCode: 'ABCD-EFGH' });
    await refresh.revokeByGrantId('g1');
    expect(await access.find('a1')).toBeUndefined();
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await refresh.find('r2')).toBeDefined();
  });

  it('is shared: a code stored through one connection is found through another (another instance)', async () => {
    test = await freshDatabase(dialect);
    const other = await test.reopen();
    await new KyselyAdapter(test.database.db, 'AuthorizationCode').upsert('shared', { clientId: 'app' }, 60);
    expect(await new KyselyAdapter(other.db, 'AuthorizationCode').find('shared')).toEqual({
      clientId: 'app',
    });
  });
});
