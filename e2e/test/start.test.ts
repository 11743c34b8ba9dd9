import { writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type Launched,
  launch,
  startKakunin,
  stopKakunin,
  waitForOutput,
} from '../support/launcher.js';

/** Signs in through the service's JSON API; the answer says whether the password is right. */
async function signIn(serviceURL: string, password: string) {
  const res = await fetch(`${serviceURL}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  return { status: res.status, body: (await res.json()) as { status?: string; error?: { code: string } } };
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

const running: Launched[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kakunin-start-'));
});

afterAll(async () => {
  for (const launched of running) await stopKakunin(launched, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('npm start (scripts/start.mjs)', () => {
  let dataDir: string;
  let adminPassword: string;
  let ports: Record<string, string>;

  beforeAll(async () => {
    dataDir = join(dir, 'data');
    ports = { PORT: String(await freePort()), AUTHENTICATOR_PORT: String(await freePort()) };
  });

  it('creates the data, prints both addresses and the new administrator, serves both, stops on Ctrl-C', async () => {
    const kakunin = await startKakunin({ ...ports, KAKUNIN_DATA_DIR: dataDir });
    running.push(kakunin);
    expect(kakunin.serviceURL).toBe(`http://localhost:${ports.PORT}`);
    expect(kakunin.appURL).toBe(`http://localhost:${ports.AUTHENTICATOR_PORT}`);
    expect(kakunin.adminPassword).toMatch(/^\S{12,}$/);
    adminPassword = kakunin.adminPassword!;
    expect(kakunin.output()).toContain(`${dataDir} (SQLite)`);

    expect((await stat(join(dataDir, 'kakunin.sqlite'))).isFile()).toBe(true);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);

    // The service: migrations applied and the administrator exists with the printed password.
    // A made-up password works once: the administrator chooses their own at the first sign-in.
    expect(await signIn(kakunin.serviceURL, adminPassword)).toEqual({
      status: 200,
      body: { status: 'password_change_required' },
    });
    expect((await signIn(kakunin.serviceURL, `${adminPassword}x`)).status).toBe(401);

    // The authenticator app, with its CSP, and the decoder's .wasm as application/wasm.
    const page = await fetch(`${kakunin.appURL}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    const html = await page.text();
    expect(html).toContain('<script');
    const sw = await fetch(`${kakunin.appURL}/sw.js`);
    expect(sw.status).toBe(200);
    const wasmName = /[\w-]+\.wasm/.exec(await sw.text())?.[0];
    expect(wasmName).toBeDefined();
    const wasm = await fetch(`${kakunin.appURL}/assets/${wasmName}`);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4)).toEqual(
      new Uint8Array([0, 0x61, 0x73, 0x6d]),
    );

    expect(await stopKakunin(kakunin, 'SIGINT')).toBe(0);
    expect(kakunin.output()).toMatch(/Stopping…\nStopped\.\n$/);
    expect(kakunin.output()).not.toMatch(/\n\s+at /);
    expect(await refused(kakunin.serviceURL)).toBe(true);
    expect(await refused(kakunin.appURL)).toBe(true);
  });

  it('reuses the data on the next start: same administrator, no new password printed', async () => {
    expect(adminPassword).toBeDefined();
    const kakunin = await startKakunin({ ...ports, KAKUNIN_DATA_DIR: dataDir });
    running.push(kakunin);
    expect(kakunin.adminPassword).toBeUndefined();
    expect(kakunin.output()).toContain('password set on the first start');
    expect(kakunin.output()).not.toContain(adminPassword);
    expect((await signIn(kakunin.serviceURL, adminPassword)).body).toEqual({
      status: 'password_change_required',
    });
    expect(await stopKakunin(kakunin, 'SIGTERM')).toBe(0);
  });

  it('speaks Japanese when the system language is Japanese', async () => {
    const kakunin = launch({ ...ports, KAKUNIN_DATA_DIR: dataDir, LANG: 'ja_JP.UTF-8' });
    running.push(kakunin);
    await waitForOutput(kakunin, '停止するには Ctrl-C を押してください。');
    expect(kakunin.output()).toContain(`サインインサービス  http://localhost:${ports.PORT}`);
    expect(kakunin.output()).toContain('認証アプリ');
    expect(await stopKakunin(kakunin)).toBe(0);
    expect(kakunin.output()).toContain('停止しました。');
  });
});

describe('npm start with bad configuration', () => {
  async function failedStart(env: Record<string, string>) {
    const launched = launch({ KAKUNIN_DATA_DIR: join(dir, 'bad'), ...env });
    running.push(launched);
    const code = await launched.exited;
    return { code, output: launched.output() };
  }

  it('names the variable and stops, without a stack trace', async () => {
    // 78: a setting is wrong, restarting will not help (the service's own exit code for it).
    const result = await failedStart({ PORT: 'abc' });
    expect(result.code).toBe(78);
    expect(result.output).toBe('kakunin: PORT: expected a port number from 0 to 65535, got "abc".\n');
    const app = await failedStart({ AUTHENTICATOR_PORT: '70000' });
    expect(app.output).toContain('AUTHENTICATOR_PORT: expected a port number');
    const same = await failedStart({ PORT: '4567', AUTHENTICATOR_PORT: '4567' });
    expect(same.output).toContain('PORT and AUTHENTICATOR_PORT are both 4567');
    expect(same.code).toBe(78);
    const url = await failedStart({ PUBLIC_URL: 'sign-in.example.com' });
    expect(url.code).toBe(78);
    expect(url.output).toContain('PUBLIC_URL: expected an address like');
  });

  it.each(['PORT', 'AUTHENTICATOR_PORT'])(
    'says when %s is taken, and leaves nothing running',
    async (taken) => {
      const busy: Server = createServer();
      const ports = { PORT: await freePort(), AUTHENTICATOR_PORT: await freePort() };
      const port = ports[taken as keyof typeof ports];
      await new Promise<void>((resolve) => busy.listen(port, '0.0.0.0', resolve));
      try {
        const result = await failedStart({
          PORT: String(ports.PORT),
          AUTHENTICATOR_PORT: String(ports.AUTHENTICATOR_PORT),
        });
        expect(result.code).toBe(1);
        expect(result.output).toBe(
          `kakunin: ${taken} ${port} is already in use; stop the other program or choose another port.\n`,
        );
        for (const other of Object.values(ports).filter((p) => p !== port)) {
          expect(await refused(`http://127.0.0.1:${other}/`)).toBe(true);
        }
      } finally {
        busy.close();
      }
    },
  );

  it('says when the database cannot be reached', async () => {
    const closed = await freePort();
    const result = await failedStart({
      PORT: String(await freePort()),
      AUTHENTICATOR_PORT: String(await freePort()),
      DATABASE_URL: `postgres://nobody@127.0.0.1:${closed}/kakunin`,
      KAKUNIN_DATABASE_WAIT_SECONDS: '3',
    });
    expect(result.code).toBe(1);
    // A line for each attempt while it waits, then the reason it gave up.
    const lines = result.output.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(/^kakunin: waiting for the database \(attempt \d+/);
    expect(lines.at(-1)).toMatch(/^kakunin: cannot reach .*127\.0\.0\.1.*DATABASE_URL/);
  });

  it('says at once when the data folder cannot be made, without waiting for it', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const result = await failedStart({
      PORT: String(await freePort()),
      AUTHENTICATOR_PORT: String(await freePort()),
      KAKUNIN_DATA_DIR: file,
    });
    expect(result.code).toBe(78);
    expect(result.output).toMatch(
      /^kakunin: cannot open the SQLite database .*a-file.*KAKUNIN_DATA_DIR.*\n$/,
    );
  });
});

const postgresURL = process.env.TEST_DATABASE_URL;

describe.skipIf(!postgresURL)('npm start on PostgreSQL (DATABASE_URL)', () => {
  it('migrates a fresh database, creates the administrator once, and reuses it', async () => {
    const name = `kakunin_start_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: postgresURL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(postgresURL!);
      url.pathname = `/${name}`;
      const env = {
        PORT: String(await freePort()),
        AUTHENTICATOR_PORT: String(await freePort()),
        KAKUNIN_DATA_DIR: join(dir, 'pg-data'),
        DATABASE_URL: url.href,
      };
      const first = await startKakunin(env);
      running.push(first);
      expect(first.output()).toContain('PostgreSQL (DATABASE_URL)');
      const password = first.adminPassword!;
      expect((await signIn(first.serviceURL, password)).body).toEqual({ status: 'password_change_required' });
      expect(await stopKakunin(first)).toBe(0);

      const second = await startKakunin(env);
      running.push(second);
      expect(second.adminPassword).toBeUndefined();
      expect((await signIn(second.serviceURL, password)).body).toEqual({
        status: 'password_change_required',
      });
      expect(await stopKakunin(second)).toBe(0);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
