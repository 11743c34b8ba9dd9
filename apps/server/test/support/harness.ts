import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32, totp } from '@kakunin/otp';
import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type AppOptions, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { type Database, openDatabase } from '../../src/db/open.js';
import type { ServiceContext } from '../../src/services/context.js';
import { updateSettings } from '../../src/services/settings.js';
import { createUser } from '../../src/services/users.js';
import { Client } from './client.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * The dialects a storage test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (an unreachable server then FAILS the test, it is never skipped).
 */
export function dialects(): DialectName[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fixed, adjustable clock: codes depend on it, so tests choose the time step. */
export interface Clock {
  ms: number;
  advance(seconds: number): void;
}

export function fixedClock(start = Math.floor(Date.now() / 30_000) * 30_000 + 5_000): Clock {
  return {
    ms: start,
    advance(seconds) {
      this.ms += seconds * 1000;
    },
  };
}

export interface TestDatabase {
  database: Database;
  /** The SQLite file (undefined on PostgreSQL). */
  file: string | undefined;
  /** Options to open the same database again (another instance). */
  reopen(): Promise<Database>;
  dispose(): Promise<void>;
}

/** A fresh migrated database: a temp SQLite file, or a unique PostgreSQL schema dropped afterwards. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  const test = dialect === 'postgres' ? await postgresTestDatabase() : await sqliteTestDatabase();
  await migrate(test.database);
  return test;
}

/**
 * A PostgreSQL schema of its own on TEST_DATABASE_URL, dropped by `dispose`; `prepare` fills it first
 * (through a connection without the schema on its search path).
 */
export async function postgresTestDatabase(
  prepare?: (schema: string, admin: Database) => Promise<void>,
): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `kakunin_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (prepare) {
    const admin = await openDatabase({ databaseURL: url });
    try {
      await prepare(schema, admin);
    } finally {
      await admin.close();
    }
  }
  return opened(
    () => openDatabase({ databaseURL: url, schema }),
    undefined,
    async () => {
      const admin = await openDatabase({ databaseURL: url });
      try {
        await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
      } finally {
        await admin.close();
      }
    },
  );
}

/** A SQLite file in a temp folder removed by `dispose`; `prepare` may put a file there first. */
export async function sqliteTestDatabase(prepare?: (file: string) => void): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-test-'));
  const file = join(dir, 'kakunin.sqlite');
  prepare?.(file);
  return opened(
    () => openDatabase({ sqliteFile: file }),
    file,
    async () => rmSync(dir, { recursive: true, force: true }),
  );
}

async function opened(
  open: () => Promise<Database>,
  file: string | undefined,
  remove: () => Promise<void>,
): Promise<TestDatabase> {
  const database = await open();
  const handles: Database[] = [database];
  return {
    database,
    file,
    async reopen() {
      const again = await open();
      handles.push(again);
      return again;
    },
    async dispose() {
      for (const each of handles) await each.close().catch(() => {});
      await remove();
    },
  };
}

export interface TestService {
  app: FastifyInstance;
  ctx: ServiceContext;
  clock: Clock;
  test: TestDatabase;
  secretKey: Uint8Array;
  /** A client with its own cookie jar. */
  client(ip?: string): Client;
  close(): Promise<void>;
}

export interface TestServiceOptions extends Partial<Omit<AppOptions, 'config' | 'db' | 'now'>> {
  env?: Record<string, string>;
  clock?: Clock;
  test?: TestDatabase;
  redis?: Redis;
}

/** A service on a fresh database with a fixed clock, ready for fastify.inject(). */
export async function testService(
  dialect: DialectName,
  options: TestServiceOptions = {},
): Promise<TestService> {
  const test = options.test ?? (await freshDatabase(dialect));
  const clock = options.clock ?? fixedClock();
  const secretKey = options.secretKey ?? new Uint8Array(randomBytes(32));
  const app = await buildApp({
    requestsPerMinute: false,
    logger: false,
    poolState: test.database.poolState,
    ...options,
    config: loadConfig({ KAKUNIN_DATA_DIR: tmpdir(), ...options.env }),
    db: test.database.db,
    secretKey,
    now: () => clock.ms,
  });
  await app.ready();
  return {
    app,
    ctx: app.kakunin,
    clock,
    test,
    secretKey,
    client: (ip) => new Client(app, ip, () => clock.ms),
    async close() {
      await app.close();
      if (!options.test) await test.dispose();
    },
  };
}

export const PASSWORD = 'correct horse battery';

/** Creates a user straight through the service (no HTTP). */
export async function addUser(
  service: TestService,
  username: string,
  role: 'user' | 'admin' = 'user',
): Promise<void> {
  await createUser(service.ctx, { username, password: PASSWORD, role }, { username: 'test', ip: null });
}

let cheapHash: Promise<string> | undefined;

/** A real argon2id hash of PASSWORD at the lowest cost (8 KiB, 1 pass), made once. */
function cheapPasswordHash(): Promise<string> {
  cheapHash ??= hash(PASSWORD, { algorithm: 2, memoryCost: 8, timeCost: 1, parallelism: 1 });
  return cheapHash;
}

/**
 * Gives users a real argon2id hash of PASSWORD at the lowest cost (8 KiB, 1 pass) instead of the
 * service's 19 MiB: for tests that check hundreds of guesses, where what matters is how many are
 * checked, not how long each takes. Verification stays the service's own.
 */
export async function cheapPasswords(service: TestService, usernames: readonly string[]): Promise<void> {
  await service.ctx.db
    .updateTable('users')
    .set({ password_hash: await cheapPasswordHash() })
    .where('username', 'in', [...usernames])
    .execute();
}

/** Adds users with the cheap hash of PASSWORD straight into the database (see cheapPasswords). */
export async function addUsersCheaply(service: TestService, usernames: readonly string[]): Promise<void> {
  const password_hash = await cheapPasswordHash();
  const created_at = service.clock.ms;
  await service.ctx.db
    .insertInto('users')
    .values(
      usernames.map((username) => ({
        username,
        password_hash,
        role: 'user' as const,
        created_at,
        display_name: null,
        email: null,
        disabled_at: null,
      })),
    )
    .execute();
}

/** Sets the 2FA policy and/or lockout through the service. */
export async function setPolicy(service: TestService, settings: object): Promise<void> {
  await updateSettings(service.ctx, settings, { username: 'test', ip: null });
}

/** The current code for a base32 key at the service's clock (offset in steps). */
export function codeFor(service: TestService, base32: string, stepOffset = 0): string {
  return totp(decodeBase32(base32), service.clock.ms + stepOffset * 30_000);
}

/** A user with 2FA enabled over the API; returns the key, recovery codes and a signed-in client. */
export async function userWithTwoFactor(
  service: TestService,
  username: string,
  role: 'user' | 'admin' = 'user',
): Promise<{ secret: string; recoveryCodes: string[]; client: Client }> {
  await addUser(service, username, role);
  return enrollTwoFactor(service, username);
}

/** Enables 2FA for an existing user over the API; returns the key, recovery codes and a signed-in client. */
export async function enrollTwoFactor(
  service: TestService,
  username: string,
): Promise<{ secret: string; recoveryCodes: string[]; client: Client }> {
  const client = service.client();
  await client.expect('POST', '/api/login', { username, password: PASSWORD }, 200);
  const enrollment = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
  const secret = enrollment.secret as string;
  const confirmed = await client.expect(
    'POST',
    '/api/me/two-factor/enrollment/confirm',
    { code: codeFor(service, secret) },
    200,
  );
  // The enrollment used the current step: later sign-ins in a test move the clock on first.
  service.clock.advance(30);
  return { secret, recoveryCodes: confirmed.recoveryCodes as string[], client };
}
