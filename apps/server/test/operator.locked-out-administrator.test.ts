import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptKeys, passwordRule } from '../src/services/attempts/index.js';
import { addUser, PASSWORD, type TestService, testService, userWithTwoFactor } from './support/harness.js';

// Fault: the only administrator is locked out (or has lost the phone) and the web console is the only
// way back. Defence: `kakunin-server admin …` on the server itself, audited, saying what it did.
const run = promisify(execFile);
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('kakunin-server admin commands on SQLite', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService('sqlite');
  });
  afterEach(async () => {
    await service.close();
  });

  async function kakuninServer(...args: string[]): Promise<string> {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@kakunin/source', '--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: SERVER_DIR,
        env: {
          ...process.env,
          KAKUNIN_DATA_DIR: dirname(service.test.file as string),
          KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
          DATABASE_URL: '',
          REDIS_URL: '',
        },
      },
    );
    return stdout;
  }

  async function audited(event: string): Promise<unknown[]> {
    return service.ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('event', '=', event)
      .execute();
  }

  it('unlocks a locked-out administrator, resets the password and the second factor, each audited', async () => {
    const { client } = await userWithTwoFactor(service, 'root', 'admin');
    await client.send('POST', '/api/logout', {});
    await addUser(service, 'other');
    const rule = passwordRule({ maxFailures: 1, lockSeconds: null });
    await service.ctx.attempts.reserve(attemptKeys.password('root'), rule, service.clock.ms);
    expect(
      (await service.client().send('POST', '/api/login', { username: 'root', password: PASSWORD }))
        .statusCode,
    ).toBe(401);

    expect(await kakuninServer('admin', 'unlock', 'root')).toContain('Unlocked root');
    await service.client().expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    expect(await audited('account.unlocked')).toEqual([
      { actor: expect.stringContaining('kakunin-server'), target: 'root' },
    ]);

    const reset = await kakuninServer('admin', 'reset-password', 'root');
    const password = /\n {4}(\S+)\n/.exec(reset)?.[1];
    expect(password).toBeDefined();
    await service.client().expect('POST', '/api/login', { username: 'root', password }, 200);
    expect(await audited('user.password_reset')).toHaveLength(1);

    expect(await kakuninServer('admin', 'reset-two-factor', 'root')).toContain('Reset the two-factor');
    const signIn = await service.client().expect('POST', '/api/login', { username: 'root', password }, 200);
    expect(signIn.status).toBe('ok');
    expect(await audited('two_factor.reset')).toHaveLength(1);

    expect(await kakuninServer('migrate')).toContain('up to date');
    await expect(kakuninServer('admin', 'unlock', 'nobody')).rejects.toMatchObject({
      stderr: expect.stringContaining('There is no user with this name.'),
    });
  }, 120_000);
});
