import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { addUser, PASSWORD, type TestService, testService } from './support/harness.js';
import { type ServerProcess, startServerProcess } from './support/processes.js';
import { startTCPProxy, type TCPProxy } from './support/tcp-proxy.js';

// Fault: the service's database (or Redis) connections drop under load — a network cut, a restart,
// pg_terminate_backend. Before, pg's unhandled 'error' event killed every instance. Now each
// instance stays up, answers 503 UNAVAILABLE with Retry-After during the cut, and recovers by itself.
// The PostgreSQL faults run on a database this test creates and drops itself: nothing shared is touched.

const databaseURL = process.env.TEST_DATABASE_URL;
const redisURL = process.env.TEST_REDIS_URL;

interface Probe {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

async function probe(url: string, init: RequestInit = {}): Promise<Probe> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    return { status: response.status, code, retryAfter: response.headers.get('retry-after') };
  } catch {
    return { status: 0, code: 'NO_ANSWER', retryAfter: null };
  }
}

/** Polls until `until` holds for an answer; returns the seconds it took. */
async function waitFor(
  check: () => Promise<Probe>,
  until: (answer: Probe) => boolean,
  seconds = 30,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    const answer = await check();
    if (until(answer)) return (Date.now() - start) / 1000;
    if (Date.now() - start > seconds * 1000)
      throw new Error(`still ${JSON.stringify(answer)} after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Keeps `workers` requests in flight until stopped; counts the answers by status. */
function load(send: () => Promise<Probe>, workers = 8) {
  let running = true;
  const statuses = new Map<number, number>();
  const done = Promise.all(
    Array.from({ length: workers }, async () => {
      while (running) {
        const answer = await send();
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    }),
  );
  return {
    statuses,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.skipIf(!databaseURL)('losing the PostgreSQL connections under load', () => {
  let proxy: TCPProxy | undefined;
  let server: ServerProcess | undefined;
  let service: TestService | undefined;
  let admin: pg.Client | undefined;
  let name: string | undefined;
  afterEach(async () => {
    await server?.stop();
    await proxy?.close();
    await service?.close();
    if (admin && name) await admin.query(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  async function setUp(): Promise<{ base: string; cookie: string }> {
    admin = new pg.Client({ connectionString: databaseURL });
    await admin.connect();
    name = `kakunin_fault_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const direct = new URL(databaseURL as string);
    direct.pathname = `/${name}`;
    const database = await openDatabase({ databaseURL: direct.toString() });
    await migrate(database);
    service = await testService('postgres', {
      test: { database, file: undefined, reopen: async () => database, dispose: () => database.close() },
    });
    await addUser(service, 'alice');
    proxy = await startTCPProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    server = await startServerProcess({
      DATABASE_URL: viaProxy.toString(),
      KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
      KAKUNIN_TEST_NOW: String(service.clock.ms),
    });
    const signIn = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    return { base: server.url, cookie };
  }

  it('answers 503 UNAVAILABLE with Retry-After while the network to the database is cut, and 200 after, without a restart', async () => {
    const { base, cookie } = await setUp();
    const me = () => probe(`${base}/api/me`, { headers: { cookie } });
    const traffic = load(me);
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy!.cut();
    await waitFor(me, (answer) => answer.status === 503);
    const during = await me();
    expect(during).toEqual({ status: 503, code: 'UNAVAILABLE', retryAfter: '5' });
    expect((await probe(`${base}/readyz`)).status).toBe(503);
    expect((await probe(`${base}/healthz`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    proxy!.restore();
    const recovered = await waitFor(me, (answer) => answer.status === 200);
    await traffic.stop();
    expect(recovered).toBeLessThan(15);
    expect((await probe(`${base}/readyz`)).status).toBe(200);
    expect(server!.child.exitCode).toBeNull();
    expect([...traffic.statuses.keys()].sort()).toEqual([200, 503]);
  }, 90_000);

  it('stays up when its backends are terminated (pg_terminate_backend) in the middle of requests', async () => {
    const { base, cookie } = await setUp();
    const me = () => probe(`${base}/api/me`, { headers: { cookie } });
    const traffic = load(me);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await admin!.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
    }
    await waitFor(me, (answer) => answer.status === 200);
    await traffic.stop();
    expect(server!.child.exitCode).toBeNull();
    // Only 200 and 503: no 500, no dropped connection.
    expect([...traffic.statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(traffic.statuses.get(200)).toBeGreaterThan(0);
  }, 90_000);
});

describe.skipIf(!redisURL)('losing Redis under load', () => {
  let proxy: TCPProxy | undefined;
  let server: ServerProcess | undefined;
  let service: TestService | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.stop();
    await proxy?.close();
    await service?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers sign-ins 503 within about a second while Redis is cut, and 200 after, without a restart', async () => {
    service = await testService('sqlite');
    await addUser(service, 'alice');
    const target = new URL(redisURL as string);
    proxy = await startTCPProxy(target.hostname, Number(target.port || 6379));
    dir = mkdtempSync(join(tmpdir(), 'kakunin-redis-fault-'));
    server = await startServerProcess({
      KAKUNIN_DATA_DIR: join(service.test.file as string, '..'),
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      KAKUNIN_SECRET_KEY: Buffer.from(service.secretKey).toString('hex'),
      KAKUNIN_TEST_NOW: String(service.clock.ms),
    });
    const signIn = () =>
      probe(`${server!.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: PASSWORD }),
      });
    await waitFor(signIn, (answer) => answer.status === 200);
    proxy.cut();
    const started = Date.now();
    const during = await signIn();
    expect(during).toEqual({ status: 503, code: 'UNAVAILABLE', retryAfter: '5' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await probe(`${server.url}/readyz`)).status).toBe(503);
    proxy.restore();
    expect(await waitFor(signIn, (answer) => answer.status === 200)).toBeLessThan(15);
    expect(server.child.exitCode).toBeNull();
  }, 90_000);
});
