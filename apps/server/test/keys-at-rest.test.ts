import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32 } from '@kakunin/otp';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyFile, readKeyFile } from '../src/crypto/key-file.js';
import { createSecretBox, totpKeyContext } from '../src/crypto/secret-box.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: a stolen database file or backup. Defence: TOTP keys sealed with AES-256-GCM bound to the
// user row, recovery codes and session ids only as hashes, passwords as argon2id.
describe('keys at rest in the SQLite file', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService('sqlite');
  });
  afterEach(async () => {
    await service.close();
  });

  it('holds neither the base32 key, the raw key bytes, recovery codes, passwords nor session tokens', async () => {
    const { secret, recoveryCodes, client } = await userWithTwoFactor(service, 'alice');
    const proof = { code: codeFor(service, secret) };
    const pendingKey = String(
      (await client.expect('POST', '/api/me/two-factor/enrollment', proof, 200)).secret,
    );
    // Checkpoint the WAL so everything is in the main file, then read it and its WAL.
    await sql`pragma wal_checkpoint(truncate)`.execute(service.ctx.db);
    const file = service.test.file ?? '';
    const bytes = Buffer.concat([readFileSync(file), readWal(file)]);
    const text = bytes.toString('latin1');
    for (const key of [secret, pendingKey]) {
      expect(text).not.toContain(key);
      expect(text.toLowerCase()).not.toContain(key.toLowerCase());
      expect(bytes.includes(Buffer.from(decodeBase32(key)))).toBe(false);
    }
    for (const code of recoveryCodes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace('-', ''));
    }
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('$argon2id$v=19$m=19456,t=2,p=1$');
    expect(text).not.toContain(client.session);
  });

  it('cannot use a key box copied onto another user row (associated data is the row id)', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    await addUser(service, 'mallory');
    const db = service.ctx.db;
    const ids = await db.selectFrom('users').select(['id', 'username']).execute();
    const alice = ids.find((row) => row.username === 'alice')!;
    const mallory = ids.find((row) => row.username === 'mallory')!;
    const box = await db
      .selectFrom('totp_credentials')
      .select('secret_box')
      .where('user_id', '=', alice.id)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('totp_credentials')
      .values({
        user_id: mallory.id,
        state: 'active',
        secret_box: box.secret_box,
        last_step: -1,
        created_at: 0,
      })
      .execute();
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'mallory', password: PASSWORD }, 200);
    // The box does not open for mallory's row: the request fails without revealing anything.
    const response = await client.send('POST', '/api/login/totp', { code: codeFor(service, secret) });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(client.session).toBeDefined();
    expect(await client.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
  });
});

describe.each(dialects())('sealed keys on %s', (dialect) => {
  it('stores the key sealed: opening it with the master key and row id gives the enrolled key', async () => {
    const service = await testService(dialect);
    try {
      const { secret } = await userWithTwoFactor(service, 'alice');
      const row = await service.ctx.db
        .selectFrom('totp_credentials')
        .innerJoin('users', 'users.id', 'totp_credentials.user_id')
        .select(['totp_credentials.secret_box', 'users.id'])
        .executeTakeFirstOrThrow();
      const box = new Uint8Array(row.secret_box);
      expect(box.length).toBe(1 + 12 + 20 + 16);
      const opened = createSecretBox(service.secretKey).open(box, totpKeyContext(row.id));
      expect(Buffer.from(opened).equals(Buffer.from(decodeBase32(secret)))).toBe(true);
      expect(() => createSecretBox(new Uint8Array(32).fill(7)).open(box, totpKeyContext(row.id))).toThrow(
        /cannot be opened/,
      );
    } finally {
      await service.close();
    }
  });
});

describe('the SQLite file', () => {
  it('is created readable by its owner only, and so are its log files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakunin-db-'));
    const database = await openDatabase({ dataDir: dir });
    try {
      await migrate(database);
      const names = readdirSync(dir).filter((each) => each.startsWith('kakunin.sqlite'));
      expect(names).toEqual(expect.arrayContaining(['kakunin.sqlite', 'kakunin.sqlite-wal']));
      for (const name of names) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the master key file', () => {
  it('is created once with mode 0600 and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakunin-key-'));
    try {
      expect(readKeyFile(dir)).toBeUndefined();
      const first = createKeyFile(dir);
      expect(first).toHaveLength(32);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readKeyFile(dir) ?? []).equals(Buffer.from(first))).toBe(true);
      expect(Buffer.from(createKeyFile(dir)).equals(Buffer.from(first))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function readWal(file: string): Buffer {
  try {
    return readFileSync(`${file}-wal`);
  } catch {
    return Buffer.alloc(0);
  }
}
