import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { type Database, openDatabase } from '../src/db/open.js';

// Threat (availability): better-sqlite3 is synchronous, so a WAL checkpoint with its fsync on the
// serving connection stalls every request. The server checkpoints from a worker thread instead.
describe('background WAL checkpoints on SQLite', () => {
  let dir: string;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the log into the database file without the serving connection doing it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kakunin-wal-'));
    database = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
    await migrate(database);
    const file = join(dir, 'kakunin.sqlite');
    const before = statSync(file).size;
    const details = 'x'.repeat(1000);
    for (let i = 0; i < 20; i++) {
      await database.db
        .insertInto('audit_log')
        .values(
          Array.from({ length: 100 }, () => ({
            at: i,
            event: 'bench',
            actor: null,
            target: null,
            ip: null,
            details,
          })),
        )
        .execute();
    }
    // 2 MB written: far below the serving connection's own checkpoint threshold (20,000 pages).
    const deadline = Date.now() + 5000;
    while (statSync(file).size < before + 1_500_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statSync(file).size).toBeGreaterThan(before + 1_500_000);
    const count = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2000);
  });

  it('keeps the process alive until the database is closed, when nothing else does', () => {
    dir = mkdtempSync(join(tmpdir(), 'kakunin-wal-'));
    // A process whose last task is closing the service (a script, or a stop on SIGTERM) must get to
    // run what follows the close rather than end while the checkpoint worker is stopping.
    const script = `
      const { openDatabase } = await import('./src/db/open.ts');
      const database = await openDatabase({ dataDir: ${JSON.stringify(dir)}, backgroundCheckpoints: true });
      await database.close();
      console.log('closed');`;
    const output = execFileSync(
      process.execPath,
      ['--conditions=@kakunin/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' },
    );
    expect(output.trim()).toBe('closed');
  });
});
