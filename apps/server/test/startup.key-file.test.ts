import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { EXIT_CONFIG } from '../src/exit-codes.js';
import { holdsSealedSecrets } from '../src/services/key-check.js';
import { startServer } from '../src/start.js';
import { dialects, freshDatabase, testService, userWithTwoFactor } from './support/harness.js';
import { runServerMain } from './support/processes.js';

// Threat: the master key file lost, damaged or swapped. A service that died without a word (exit 13),
// or that quietly generated a new key next to a database sealed with the old one, would leave the
// operator guessing — and a new key makes every registered authenticator unusable.

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The one line the service must print, and its exit code; never a stack trace. */
function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(EXIT_CONFIG);
  // Standard error is a pipe here: the line is JSON (see log-line.ts).
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const { msg } = JSON.parse(lines[0] ?? '') as { msg: string };
  expect(`${msg}\n`).toMatch(pattern);
  expect(msg).not.toMatch(/\n\s+at /);
}

describe.concurrent('a wrong or missing master key file stops the start with one line', () => {
  const root = mkdtempSync(join(tmpdir(), 'kakunin-key-file-'));
  /** A data directory whose database was made (and so sealed) with its own key file. */
  const inUse = (name: string) => join(root, name);

  beforeAll(async () => {
    for (const name of ['damaged', 'unreadable', 'swapped', 'missing']) {
      await (await startServer(loadConfig({ KAKUNIN_DATA_DIR: inUse(name) }), { listen: false })).close();
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says a damaged key file is damaged', async () => {
    writeFileSync(join(inUse('damaged'), 'secret.key'), 'not a key\n', { mode: 0o600 });
    const result = await runServerMain({ KAKUNIN_DATA_DIR: inUse('damaged') });
    expectOneLine(result, /^kakunin: the key file \S+secret\.key is damaged .*restore it from a backup\n$/);
  }, 60_000);

  it('says a key file it cannot read cannot be read', async () => {
    const path = join(inUse('unreadable'), 'secret.key');
    rmSync(path);
    mkdirSync(path);
    const result = await runServerMain({ KAKUNIN_DATA_DIR: inUse('unreadable') });
    expectOneLine(result, /^kakunin: cannot read the key file \S+secret\.key \(EISDIR\); make it a file/);
  }, 60_000);

  it('says a key file from another installation does not match the database', async () => {
    writeFileSync(join(inUse('swapped'), 'secret.key'), `${'c3'.repeat(32)}\n`, { mode: 0o600 });
    const result = await runServerMain({ KAKUNIN_DATA_DIR: inUse('swapped') });
    expectOneLine(result, /^kakunin: the master key does not match this database/);
  }, 60_000);

  it('never creates a new key for a database that holds sealed secrets', async () => {
    const path = join(inUse('missing'), 'secret.key');
    rmSync(path);
    const result = await runServerMain({ KAKUNIN_DATA_DIR: inUse('missing') });
    expectOneLine(
      result,
      /^kakunin: the key file \S+secret\.key is missing, but this database holds secrets/,
    );
    expect(existsSync(path)).toBe(false);
  }, 60_000);
});

describe.each(dialects())('what needs the old key, on %s', (dialect) => {
  it('a new database holds nothing sealed; one with a registered authenticator does', async () => {
    const empty = await freshDatabase(dialect);
    const service = await testService(dialect);
    try {
      expect(await holdsSealedSecrets(empty.database)).toBe(false);
      await userWithTwoFactor(service, 'alice');
      expect(await holdsSealedSecrets(service.test.database)).toBe(true);
    } finally {
      await empty.dispose();
      await service.close();
    }
  });
});

describe('a start-up that fails after opening SQLite', () => {
  // The WAL checkpoint worker is unreferenced while the service runs; while it stopped, nothing kept
  // Node alive, so it exited mid-await with code 13 before the reason could be printed.
  it('closes the database and carries on to say why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakunin-close-'));
    const script = `
      import { openDatabase } from './src/db/open.ts';
      const database = await openDatabase({ dataDir: ${JSON.stringify(dir)}, backgroundCheckpoints: true });
      await database.close();
      process.stdout.write('closed');`;
    try {
      const child = spawn(
        process.execPath,
        ['--conditions=@kakunin/source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: SERVER_DIR },
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect({ code, stdout }).toEqual({ code: 0, stdout: 'closed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
