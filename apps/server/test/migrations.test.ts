import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { type Database, openDatabase } from '../src/db/open.js';
import { dialects, freshDatabase } from './support/harness.js';

describe('migrations', () => {
  const opened: Database[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets several instances start at once on a new SQLite file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kakunin-migrate-'));
    const file = join(dir, 'kakunin.sqlite');
    for (let i = 0; i < 4; i++) opened.push(await openDatabase({ sqliteFile: file }));
    await Promise.all(opened.map((database) => migrate(database)));
    const tables = await opened[0]!.db.introspection.getTables();
    expect(tables.map((table) => table.name).sort()).toEqual([
      'api_tokens',
      'attempt_counters',
      'audit_log',
      'authz_epoch',
      'form_submissions',
      'oidc_apps',
      'oidc_payloads',
      'oidc_signing_keys',
      'oidc_subjects',
      'passkeys',
      'password_resets',
      'protected_hosts',
      'recovery_codes',
      'sessions',
      'settings',
      'totp_credentials',
      'users',
      'webauthn_challenges',
    ]);
  });

  it.each(dialects())('is idempotent on %s', async (dialect) => {
    const test = await freshDatabase(dialect);
    try {
      await migrate(test.database);
      await migrate(await test.reopen());
    } finally {
      await test.dispose();
    }
  });
});
