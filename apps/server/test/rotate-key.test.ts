import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApp, findAppWithSecret } from '../src/oidc/apps.js';
import { loadSigningKeys } from '../src/oidc/signing-keys.js';
import { resealAll, rotateKeyCommand, UnopenableSecretError } from '../src/operator/rotate-key.js';
import { SecretKeyMismatchError } from '../src/services/key-check.js';
import {
  codeFor,
  dialects,
  fixedClock,
  freshDatabase,
  PASSWORD,
  type TestDatabase,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

const hex = (key: Uint8Array) => Buffer.from(key).toString('hex');
const newKey = () => new Uint8Array(randomBytes(32));

// Fault: the master key leaked or its holder left, so it must change without losing anything sealed
// with it — and a rotation cut short must leave a database that one of the two keys still opens whole.
describe.each(dialects())('rotate-key on %s', (dialect) => {
  const clock = fixedClock();
  const oldKey = newKey();
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-rotate-'));
  let test: TestDatabase;
  let secret: string;
  let recoveryCodes: string[];
  let clientSecret: string | undefined;

  beforeAll(async () => {
    test = await freshDatabase(dialect);
    const service = await testService(dialect, { test, clock, secretKey: oldKey });
    ({ secret, recoveryCodes } = await userWithTwoFactor(service, 'alice'));
    ({ clientSecret } = await createApp(
      service.ctx,
      { name: 'Wiki', redirectURIs: ['https://wiki.example.com/callback'] },
      { username: 'test', ip: null },
    ));
    await service.close();
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Signs alice in with the password then the next code, or a recovery code, under `key`. */
  async function signsIn(key: Uint8Array, recoveryCode?: string): Promise<void> {
    const service = await testService(dialect, { test, clock, secretKey: key });
    try {
      const client = service.client();
      await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
      clock.advance(30);
      if (recoveryCode) await client.expect('POST', '/api/login/recovery-code', { code: recoveryCode }, 200);
      else await client.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
      const { client_id } = await service.ctx.db
        .selectFrom('oidc_apps')
        .select('client_id')
        .executeTakeFirstOrThrow();
      const app = await findAppWithSecret(service.ctx, client_id);
      expect(app?.clientSecret).toBe(clientSecret);
      expect((await loadSigningKeys(service.ctx)).length).toBeGreaterThan(0);
    } finally {
      await service.close();
    }
  }

  it('stops at a value neither key opens and changes nothing; the old key still opens everything', async () => {
    await test.database.db
      .insertInto('oidc_signing_keys')
      .values({
        kid: 'damaged',
        alg: 'RS256',
        private_box: new Uint8Array(randomBytes(60)),
        created_at: clock.ms,
        retired_at: clock.ms,
      })
      .execute();
    await expect(resealAll(test.database.db, oldKey, newKey())).rejects.toThrow(UnopenableSecretError);
    await test.database.db.deleteFrom('oidc_signing_keys').where('kid', '=', 'damaged').execute();
    await signsIn(oldKey);
  });

  it('re-seals everything under a new key given in KAKUNIN_NEW_SECRET_KEY; the old key no longer opens the database', async () => {
    const next = newKey();
    const config = loadConfig({ KAKUNIN_DATA_DIR: dir, KAKUNIN_SECRET_KEY: hex(oldKey) });
    const said = await rotateKeyCommand(config, test.database, { KAKUNIN_NEW_SECRET_KEY: hex(next) });
    expect(said).toMatch(/^Re-sealed \d+ secret\(s\) under the new key \(0 already were\)/);
    // TOTP keys, the app's secret, the signing keys open; recovery codes given before still work.
    await signsIn(next);
    await signsIn(next, recoveryCodes[0]);
    await expect(testService(dialect, { test, clock, secretKey: oldKey })).rejects.toThrow(
      SecretKeyMismatchError,
    );
    // Run again (as after an interruption once the database was re-sealed): nothing left to do.
    const again = await resealAll(test.database.db, oldKey, next);
    expect(again.resealed).toBe(0);
    expect(again.alreadyNew).toBeGreaterThan(2);
    const audit = await test.database.db
      .selectFrom('audit_log')
      .select('event')
      .where('event', '=', 'secret_key.rotated')
      .execute();
    expect(audit).toHaveLength(1);
    oldKey.set(next);
  });

  it('with the key file: resumes a rotation cut short after the database was re-sealed, keeps the old file', async () => {
    const current = Uint8Array.from(oldKey);
    writeFileSync(join(dir, 'secret.key'), `${hex(current)}\n`, { mode: 0o600 });
    const config = loadConfig({ KAKUNIN_DATA_DIR: dir });
    // The first run generates secret.key.new and re-seals; here it stopped before the files changed.
    const next = newKey();
    writeFileSync(join(dir, 'secret.key.new'), `${hex(next)}\n`, { mode: 0o600 });
    await resealAll(test.database.db, current, next);
    await expect(testService(dialect, { test, clock, secretKey: current })).rejects.toThrow(
      /run it again to finish/,
    );
    const said = await rotateKeyCommand(config, test.database, {});
    expect(said).toMatch(/^Re-sealed 0 secret\(s\) under the new key/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(hex(next));
    expect(existsSync(join(dir, 'secret.key.new'))).toBe(false);
    const kept = readdirSync(dir).filter((name) => name.startsWith('secret.key.old-'));
    expect(kept.map((name) => readFileSync(join(dir, name), 'utf8').trim())).toEqual([hex(current)]);
    await signsIn(next, recoveryCodes[1]);
  });
});
