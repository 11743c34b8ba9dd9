import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { logLine } from '../src/log-line.js';
import { SecretKeyMismatchError } from '../src/services/key-check.js';
import { startServer } from '../src/start.js';
import { runServerMain as runMain } from './support/processes.js';

/** The lines of a log that does not go to a terminal: one JSON object each, in pino's shape. */
function jsonLines(text: string): { level: number; time: number; pid: number; msg: string }[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unreachable database in one line and exits with 1', async () => {
    const result = await runMain({
      DATABASE_URL: 'postgres://kakunin@127.0.0.1:1/kakunin',
      KAKUNIN_DATA_DIR: dir,
      KAKUNIN_DATABASE_WAIT_SECONDS: '0',
    });
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(50);
    expect(lines[0]?.msg).toMatch(
      /^kakunin: cannot reach the PostgreSQL database at 127\.0\.0\.1:1\/kakunin .*DATABASE_URL/,
    );
    expect(lines[0]?.msg).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('reports an SQLite data folder that cannot be made at once, without waiting, and exits with 78', async () => {
    // A file where the folder should be: no amount of waiting makes a folder of it.
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const result = await runMain({ KAKUNIN_DATA_DIR: file, KAKUNIN_DATABASE_WAIT_SECONDS: '30' });
    expect(result.code).toBe(78);
    const messages = jsonLines(result.stderr).map((line) => line.msg);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^kakunin: cannot open the SQLite database .*not-a-folder.*KAKUNIN_DATA_DIR/);
  }, 60_000);

  it('reports a bad setting in one line and exits with 78 (a restart will not help)', async () => {
    const result = await runMain({ PORT: 'eighty' });
    expect(result.code).toBe(78);
    expect(jsonLines(result.stderr).map((line) => line.msg)).toEqual([
      'kakunin: PORT: expected a port number from 0 to 65535, got "eighty".',
    ]);
  }, 60_000);

  it('creates admin with a random password shown once, then stops cleanly on SIGTERM', async () => {
    const env = { KAKUNIN_DATA_DIR: join(dir, 'first'), PORT: '0', HOST: '127.0.0.1' };
    const first = await runMain(env, 'listening on');
    // Standard output is a pipe here, as under a supervisor: every line is JSON, none spans lines.
    const lines = jsonLines(first.stdout);
    expect(lines.every((line) => line.level === 30 && line.pid > 0 && line.time > 0)).toBe(true);
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringMatching(
        /^Created the administrator "admin" with the password: \S{20} \(shown only this once/,
      ),
      expect.stringMatching(/^Kakunin sign-in service listening on http:\/\/127\.0\.0\.1:\d+ /),
      'SIGTERM: shutting down',
    ]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const second = await runMain(env, 'listening on');
    expect(second.stdout).not.toContain('password');
  }, 60_000);

  it('writes start-up lines as plain words to a terminal and as JSON elsewhere', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) =>
      ({ isTTY, write: (text: string) => written.push(text) }) as unknown as NodeJS.WriteStream;
    logLine('warn', 'waiting for the database', stream(true));
    logLine('warn', 'waiting for the database', stream(false));
    expect(written[0]).toBe('warn: waiting for the database\n');
    expect(JSON.parse(written[1] ?? '')).toMatchObject({ level: 40, msg: 'waiting for the database' });
  });

  it('refuses to start with a master key other than the one the database was created with', async () => {
    const env = { KAKUNIN_DATA_DIR: join(dir, 'rekeyed'), KAKUNIN_SECRET_KEY: 'a1'.repeat(32) };
    await (await startServer(loadConfig(env), { listen: false })).close();
    await (await startServer(loadConfig(env), { listen: false })).close();
    const wrong = loadConfig({ ...env, KAKUNIN_SECRET_KEY: 'b2'.repeat(32) });
    await expect(startServer(wrong, { listen: false })).rejects.toThrow(SecretKeyMismatchError);
    await expect(startServer(wrong, { listen: false })).rejects.toThrow(/does not match this database/);
  });

  it('uses KAKUNIN_ADMIN_PASSWORD for the first administrator', async () => {
    const config = loadConfig({
      KAKUNIN_DATA_DIR: join(dir, 'chosen'),
      KAKUNIN_ADMIN_PASSWORD: 'chosen admin password',
    });
    const server = await startServer(config, { listen: false });
    try {
      expect(server.generatedAdminPassword).toBeUndefined();
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/login',
        headers: { 'content-type': 'application/json' },
        payload: { username: 'admin', password: 'chosen admin password' },
      });
      expect(response.json()).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });
});
