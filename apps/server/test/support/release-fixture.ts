import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type DialectName, postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from './harness.js';

/** The PostgreSQL schema the release's dump was taken from; a test loads it under a name of its own. */
export const FIXTURE_SCHEMA = 'kakunin_release_fixture';

const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'release-0.1.0');

/** What the release's database holds, in the clear, so a test can sign in with it. */
export interface ReleaseFixture {
  /** The release's clock when it wrote the data, and when it stopped (epoch ms). */
  createdAt: number;
  now: number;
  /** The key that sealed the TOTP keys (hex). */
  secretKeyHex: string;
  /** Every user's password. */
  password: string;
  users: {
    /** Two-factor on; one recovery code already used; `session` a full session's cookie token. */
    alice: {
      secret: string;
      usedRecoveryCode: string;
      recoveryCodes: string[];
      session: string;
    };
    admin: { username: string; secret: string; recoveryCodes: string[]; session: string };
    /** No two-factor. */
    bob: { session: string };
  };
}

/** The facts about the fixture of one dialect. */
export function releaseFacts(dialect: DialectName): ReleaseFixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${dialect}.json`), 'utf8')) as ReleaseFixture;
}

/**
 * A copy of the database release 0.1.0 wrote, NOT yet migrated past it: a temp copy of the SQLite
 * file, or the PostgreSQL dump loaded into a fresh schema (dropped by `dispose`).
 */
export function releaseDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    return sqliteTestDatabase((file) => copyFileSync(join(FIXTURE_DIR, 'kakunin.sqlite'), file));
  }
  return postgresTestDatabase(async (schema, admin) => {
    const dump = readFileSync(join(FIXTURE_DIR, 'postgres.sql'), 'utf8').replaceAll(FIXTURE_SCHEMA, schema);
    // One simple-protocol query: the dump is many statements, run in one transaction.
    await sql.raw(`begin;\n${dump}\ncommit;`).execute(admin.db);
  });
}
