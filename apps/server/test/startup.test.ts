import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { SecretKeyMismatchError } from '../src/services/key-check.js';
import { startServer } from '../src/start.js';
import { runServerMain as runMain } from './support/processes.js';

describe('start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports an unreachable database in one line and exits with 1', async () => {
    const result = await runMain({
      DATABASE_URL: 'postgres://kakunin@127.0.0.1:1/kakunin',
      KAKUNIN_DATA_DIR: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^kakunin: cannot reach the PostgreSQL database at 127\.0\.0\.1:1\/kakunin .*DATABASE_URL/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('reports a bad setting in one line and exits with 78 (a restart will not help)', async () => {
    const result = await runMain({ PORT: 'eighty' });
    expect(result.code).toBe(78);
    expect(result.stderr).toBe('kakunin: PORT: expected a port number from 0 to 65535, got "eighty".\n');
  }, 60_000);

  it('creates admin with a random password shown once, then stops cleanly on SIGTERM', async () => {
    const env = { KAKUNIN_DATA_DIR: join(dir, 'first'), PORT: '0', HOST: '127.0.0.1' };
    const first = await runMain(env, 'listening on');
    expect(first.stdout).toMatch(/administrator "admin" with the password:\n\n {4}\S{20}\n/);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const second = await runMain(env, 'listening on');
    expect(second.stdout).not.toContain('password');
  }, 60_000);

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
