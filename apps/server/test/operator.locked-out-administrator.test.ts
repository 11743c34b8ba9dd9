import { execFile, spawn } from 'node:child_process';
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
const CLI = ['--conditions=@kakunin/source', '--import', 'tsx', 'src/cli.ts'];
const OWN_PASSWORD = 'a password of my own choosing';

describe('kakunin-server admin commands on SQLite', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService('sqlite');
  });
  afterEach(async () => {
    await service.close();
  });

  /** Runs `kakunin-server` on the test's database. */
  async function kakuninServer(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [...CLI, ...args], { cwd: SERVER_DIR, env: cliEnv() });
    return stdout;
  }

  function cliEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAKUNIN_DATA_DIR: dirname(service.test.file as string),
      KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
      DATABASE_URL: '',
      REDIS_URL: '',
    };
  }

  /** The same, with `input` written to its standard input. */
  async function kakuninServerWithInput(input: string, ...args: string[]): Promise<string> {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: SERVER_DIR, env: cliEnv() });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stdin.end(input);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
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

    expect(await kakuninServer('admin', 'reset-two-factor', 'root')).toContain('Reset the two-factor');
    const signIn = await service
      .client()
      .expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    expect(signIn.status).toBe('ok');
    expect(await audited('two_factor.reset')).toHaveLength(1);

    // A made-up password is shown once and good for one sign-in: the administrator then chooses their own.
    const reset = await kakuninServer('admin', 'reset-password', 'root');
    expect(reset).toContain('works once');
    const password = /\n {4}(\S+)\n/.exec(reset)?.[1];
    expect(password).toBeDefined();
    const root = service.client();
    const first = await root.expect('POST', '/api/login', { username: 'root', password }, 200);
    expect(first.status).toBe('password_change_required');
    await root.expect(
      'PUT',
      '/api/me/password',
      { currentPassword: password, newPassword: OWN_PASSWORD },
      200,
    );
    await root.expect('GET', '/api/me', undefined, 200);
    expect(await audited('user.password_reset')).toHaveLength(1);

    // A typed password lasts; with --one-time it is replaced at the next sign-in.
    await kakuninServerWithInput(
      'typed by the operator\n',
      'admin',
      'reset-password',
      'other',
      '--password-stdin',
    );
    const lasting = await service
      .client()
      .expect('POST', '/api/login', { username: 'other', password: 'typed by the operator' }, 200);
    expect(lasting.status).toBe('ok');
    const told = await kakuninServerWithInput(
      'typed once by the operator',
      'admin',
      'reset-password',
      'other',
      '--password-stdin',
      '--one-time',
    );
    expect(told).toContain('They choose a new password at the next sign-in.');
    const once = await service
      .client()
      .expect('POST', '/api/login', { username: 'other', password: 'typed once by the operator' }, 200);
    expect(once.status).toBe('password_change_required');
    const oneTimeFlags = await service.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('event', '=', 'user.password_reset')
      .orderBy('id')
      .execute();
    expect(oneTimeFlags.map((row) => JSON.parse(String(row.details)).oneTime)).toEqual([true, false, true]);

    expect(await kakuninServer('migrate')).toContain('up to date');
    await expect(kakuninServer('admin', 'unlock', 'nobody')).rejects.toMatchObject({
      stderr: expect.stringContaining('There is no user with this name.'),
    });
  }, 120_000);
});
