// The fault benchmark: N server processes (src/main.ts, as `npm start` runs it) on one PostgreSQL
// database that this script creates and drops, reached through a TCP proxy the script controls.
// Under a load of sign-ins (password, then a TOTP code) it cuts the database — the proxy drops every
// connection and refuses new ones for a few seconds, then pg_terminate_backend on this database's
// own backends — and prints what was served, the 503s, how long each instance took to serve sign-ins
// again, the instances that crashed (must be 0) and the accepted sign-ins whose effect is missing
// from the database (must be 0). Nothing else in the cluster is touched.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:faults -w apps/server
//
// BENCH_INSTANCES (3), BENCH_CLIENTS (12), BENCH_USERS (1500), BENCH_CUT_SECONDS (5).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { totp } from '@kakunin/otp';
import pg from 'pg';
import { hashToken } from '../src/crypto/tokens.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { startTCPProxy } from '../test/support/tcp-proxy.js';
import { BENCH_PASSWORD, type SeededLogin, seedPendingLogins } from './seed.js';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const baseURL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!baseURL) {
  process.stderr.write('Set TEST_DATABASE_URL (or BENCH_DATABASE_URL) to a PostgreSQL server.\n');
  process.exit(2);
}
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 12);
const USERS = Number(process.env.BENCH_USERS ?? 1500);
const CUT_SECONDS = Number(process.env.BENCH_CUT_SECONDS ?? 5);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsed = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

interface Instance {
  url: string;
  child: ChildProcess;
  /** Log lines (warnings and errors) the instance wrote. */
  lines: number;
  /** When it last answered a sign-in step 200. */
  lastOK: number;
}

/** Starts src/main.ts with `env`; resolves once it prints the address it listens on. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--conditions=@kakunin/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const instance: Instance = { url: '', child, lines: 0, lastOK: 0 };
  let output = '';
  const count = (chunk: Buffer) => {
    const text = chunk.toString();
    instance.lines += text.split('\n').length - 1;
    if (!instance.url) output += text;
  };
  child.stdout.on('data', count);
  child.stderr.on('data', count);
  instance.url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /listening on (http:\/\/[\d.:]+)/.exec(output)?.[1];
      if (found) {
        clearInterval(poll);
        resolve(found);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`instance exited with ${code} while starting: ${output}`));
    });
  });
  return instance;
}

interface Tally {
  /** Answers by status (0 = no answer: connection refused or reset). */
  statuses: Map<number, number>;
  /** The part of the run now (before, cut, …), and the answers in each by kind. */
  phase: string;
  phases: Map<string, Map<string, number>>;
  /** How long each 503 took to come back, in ms. */
  unavailableMs: number[];
  /** Sign-ins the service accepted (TOTP step 200): the user, the step and the new session's token. */
  accepted: { user: number; step: number; token: string }[];
}

/** One client: signs seeded users in (password, then code) through one instance until stopped. */
async function client(
  index: number,
  instance: Instance,
  users: SeededLogin[],
  userIds: number[],
  next: () => number,
  tally: Tally,
  running: () => boolean,
): Promise<void> {
  const address = `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  const count = (status: number, retryAfter?: string | null) => {
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    // 503 with Retry-After 5: a dependency is down; with 1: the password-hashing cap is full.
    const kind = status === 503 ? (retryAfter === '5' ? '503 database' : '503 busy') : String(status);
    const phase = tally.phases.get(tally.phase) ?? new Map<string, number>();
    phase.set(kind, (phase.get(kind) ?? 0) + 1);
    tally.phases.set(tally.phase, phase);
  };
  const post = async (path: string, body: object, cookie?: string) => {
    const sent = Date.now();
    try {
      const response = await fetch(instance.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': address,
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      await response.arrayBuffer();
      count(response.status, response.headers.get('retry-after'));
      if (response.status === 503) tally.unavailableMs.push(Date.now() - sent);
      if (response.status === 200) instance.lastOK = Date.now();
      const session = response.headers
        .getSetCookie()
        .find((value) => value.startsWith('kakunin_session='))
        ?.split(';')[0];
      return { status: response.status, session };
    } catch {
      count(0);
      await sleep(200);
      return { status: 0, session: undefined };
    }
  };
  while (running()) {
    const which = next();
    if (which < 0) {
      await sleep(100);
      continue;
    }
    const user = users[which] as SeededLogin;
    const password = await post('/api/login', { username: `fault${which}`, password: BENCH_PASSWORD });
    if (password.status !== 200 || !password.session) {
      if (password.status === 503) await sleep(100);
      continue;
    }
    const now = Date.now();
    const code = await post('/api/login/totp', { code: totp(user.secret, now) }, password.session);
    if (code.status === 200 && code.session) {
      tally.accepted.push({
        user: userIds[which] as number,
        step: Math.floor(now / 30_000),
        token: code.session.slice('kakunin_session='.length),
      });
    } else if (code.status === 503) await sleep(100);
  }
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: baseURL });
  await admin.connect();
  const name = `kakunin_bench_faults_${randomBytes(5).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const direct = new URL(baseURL as string);
  direct.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kakunin-bench-faults-'));
  const proxy = await startTCPProxy(direct.hostname, Number(direct.port || 5432));
  const instances: Instance[] = [];
  try {
    const secretKey = new Uint8Array(randomBytes(32));
    const database = await openDatabase({ databaseURL: direct.toString() });
    await migrate(database);
    const users = await seedPendingLogins(database.db, secretKey, USERS, 1, 'fault');
    const ids = await database.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'like', 'fault%')
      .execute();
    const idOf = new Map(ids.map((row) => [row.username, row.id]));
    const userIds = users.map((_, i) => idOf.get(`fault${i}`) as number);
    await database.close();

    const viaProxy = new URL(direct);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const env = {
      DATABASE_URL: viaProxy.toString(),
      KAKUNIN_SECRET_KEY: Buffer.from(secretKey).toString('hex'),
      KAKUNIN_DATA_DIR: dataDir,
      KAKUNIN_ADMIN_PASSWORD: 'fault benchmark administrator',
      PORT: '0',
      HOST: '127.0.0.1',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    };
    const started = Date.now();
    // The first creates the administrator; the others start together on the ready database.
    instances.push(await startInstance(env));
    instances.push(...(await Promise.all(Array.from({ length: INSTANCES - 1 }, () => startInstance(env)))));
    process.stdout.write(`${INSTANCES} instances up in ${elapsed(started)} s\n`);

    // Each user signs in at most once per 30-second step (a code is accepted once).
    const lastStep = new Array<number>(USERS).fill(-1);
    let cursor = 0;
    const next = () => {
      const step = Math.floor(Date.now() / 30_000);
      for (let tried = 0; tried < USERS; tried++) {
        const which = cursor++ % USERS;
        if ((lastStep[which] as number) < step - 1) {
          lastStep[which] = step + 1;
          return which;
        }
      }
      return -1;
    };
    const tally: Tally = {
      statuses: new Map(),
      phase: 'before the cut',
      phases: new Map(),
      unavailableMs: [],
      accepted: [],
    };
    let running = true;
    const load = Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        client(i, instances[i % INSTANCES] as Instance, users, userIds, next, tally, () => running),
      ),
    );
    const linesBefore = () => instances.reduce((sum, each) => sum + each.lines, 0);

    await sleep(10_000);
    const logBeforeCut = linesBefore();
    process.stdout.write(`cutting the network to the database for ${CUT_SECONDS} s\n`);
    proxy.cut();
    tally.phase = 'network cut';
    const cutAt = Date.now();
    await sleep(CUT_SECONDS * 1000);
    proxy.restore();
    tally.phase = 'network back';
    const restoredAt = Date.now();
    const cutRecovery = await recovery(instances, restoredAt);
    const cutLogLines = linesBefore() - logBeforeCut;
    process.stdout.write(
      `network back after ${((restoredAt - cutAt) / 1000).toFixed(1)} s; every instance serving again in ${cutRecovery} s\n`,
    );

    await sleep(4000);
    process.stdout.write('terminating the database backends (pg_terminate_backend) 3 times, 1 s apart\n');
    let terminated = 0;
    tally.phase = 'backends terminated';
    for (let i = 0; i < 3; i++) {
      const result = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      terminated += result.rowCount ?? 0;
      await sleep(1000);
    }
    const terminatedAt = Date.now();
    const terminateRecovery = await recovery(instances, terminatedAt);
    tally.phase = 'after';
    await sleep(4000);
    running = false;
    await load;

    const crashed = instances.filter((each) => each.child.exitCode !== null).length;
    const ready = await Promise.all(
      instances.map((each) =>
        fetch(`${each.url}/readyz`).then(
          (response) => response.status,
          () => 0,
        ),
      ),
    );
    const check = await openDatabase({ databaseURL: direct.toString() });
    let missing = 0;
    for (let start = 0; start < tally.accepted.length; start += 500) {
      const batch = tally.accepted.slice(start, start + 500);
      const sessions = await check.db
        .selectFrom('sessions')
        .select(['id', 'stage'])
        .where(
          'id',
          'in',
          batch.map((each) => hashToken(each.token)),
        )
        .execute();
      const full = new Set(sessions.filter((row) => row.stage === 'full').map((row) => row.id));
      const steps = await check.db
        .selectFrom('totp_credentials')
        .select(['user_id', 'last_step'])
        .where(
          'user_id',
          'in',
          batch.map((each) => each.user),
        )
        .where('state', '=', 'active')
        .execute();
      const lastStepOf = new Map(steps.map((row) => [row.user_id, row.last_step]));
      for (const each of batch) {
        if (!full.has(hashToken(each.token)) || (lastStepOf.get(each.user) ?? -1) < each.step) missing++;
      }
    }
    const perUserStep = new Map<string, number>();
    for (const each of tally.accepted) {
      const key = `${each.user}:${each.step}`;
      perUserStep.set(key, (perUserStep.get(key) ?? 0) + 1);
    }
    const twice = [...perUserStep.values()].filter((times) => times > 1).length;
    await check.close();

    const statuses = [...tally.statuses].sort(([a], [b]) => a - b);
    const total = statuses.reduce((sum, [, n]) => sum + n, 0);
    const served = statuses
      .filter(([status]) => status !== 0 && status !== 503)
      .reduce((s, [, n]) => s + n, 0);
    process.stdout.write(
      [
        '',
        `instances ${INSTANCES}, clients ${CLIENTS}, users ${USERS}, network cut ${CUT_SECONDS} s, backends terminated ${terminated}`,
        `requests ${total}: served ${served}, 503 ${tally.statuses.get(503) ?? 0}, no answer ${tally.statuses.get(0) ?? 0}`,
        `answers by status: ${statuses.map(([status, n]) => `${status}×${n}`).join(' ')}`,
        ...[...tally.phases].map(
          ([phase, kinds]) => `  ${phase}: ${[...kinds].map(([kind, n]) => `${kind}×${n}`).join(', ')}`,
        ),
        `503 answered within: ${percentiles(tally.unavailableMs)}`,
        `sign-ins accepted (password + code): ${tally.accepted.length}`,
        `seconds to recover after the network came back: ${cutRecovery} (every instance serving sign-ins again)`,
        `seconds to recover after the last pg_terminate_backend: ${terminateRecovery}`,
        `log lines written by all instances during the cut and recovery: ${cutLogLines}`,
        `instances crashed: ${crashed}; /readyz after: ${ready.join(' ')}`,
        `accepted sign-ins whose effect is missing (no full session, or step not claimed): ${missing}`,
        `a user's code step accepted twice: ${twice}`,
        '',
      ].join('\n'),
    );
    if (crashed > 0 || missing > 0 || twice > 0) process.exitCode = 1;
  } finally {
    await Promise.all(
      instances.map(async (each) => {
        if (each.child.exitCode !== null) return;
        each.child.kill('SIGTERM');
        await once(each.child, 'exit');
      }),
    );
    await proxy.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median, 99th percentile and slowest of `values` (ms). */
function percentiles(values: number[]): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5)} ms, p99 ${at(0.99)} ms, slowest ${sorted.at(-1)} ms`;
}

/** Seconds from `since` until every instance has answered a sign-in step 200 after it. */
async function recovery(instances: Instance[], since: number): Promise<string> {
  const deadline = since + 120_000;
  while (instances.some((each) => each.lastOK <= since)) {
    if (Date.now() > deadline) return 'never (120 s)';
    await sleep(50);
  }
  return ((Math.max(...instances.map((each) => each.lastOK)) - since) / 1000).toFixed(2);
}

await main();
