// Benchmark of the second-factor request, POST /api/login/totp, with real work: every request carries
// a distinct user's pending sign-in and a fresh valid code, so each one decrypts a key, verifies a code,
// claims its step, rotates the session and writes the audit log. The server runs in its own process.
// Usage: npm run bench -w apps/server   (PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { totp } from '@kakunin/otp';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { type BenchServer, type LoadResult, load, startServer } from './harness.js';
import { type SeededLogin, seedPendingLogins } from './seed.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const USERS = Number(process.env.BENCH_USERS ?? 80_000);
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));

interface Row extends LoadResult {
  target: string;
}

async function run(target: string, server: BenchServer, logins: SeededLogin[] | undefined): Promise<Row> {
  let next = 0;
  const result = await load({
    server,
    path: '/api/login/totp',
    connections: CONNECTIONS,
    duration: DURATION,
    next() {
      const login = logins?.[next++];
      if (logins && !login) throw new Error('the benchmark ran out of seeded sign-ins; raise BENCH_USERS');
      const code = login ? totp(login.secret, Date.now()) : '123456';
      return {
        headers: {
          'content-type': 'application/json',
          ...(login ? { cookie: `kakunin_session=${login.token}` } : {}),
        },
        body: JSON.stringify({ code }),
      };
    },
  });
  return { target, ...result };
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<Row> {
  const secretKey = new Uint8Array(randomBytes(32));
  const env: Record<string, string> = { KAKUNIN_SECRET_KEY: Buffer.from(secretKey).toString('hex') };
  const dir = mkdtempSync(`${tmpdir()}/kakunin-bench-`);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const schema = `kakunin_bench_${Date.now().toString(36)}`;
  const open = () =>
    dialect === 'postgres' ? openDatabase({ databaseURL: url, schema }) : openDatabase({ dataDir: dir });
  if (dialect === 'postgres') Object.assign(env, { DATABASE_URL: url, BENCH_SCHEMA: schema });
  else env.KAKUNIN_DATA_DIR = dir;
  try {
    const database = await open();
    let logins: SeededLogin[];
    try {
      await migrate(database);
      const seeded = Date.now();
      logins = await seedPendingLogins(database.db, secretKey, USERS);
      process.stderr.write(
        `${dialect}: seeded ${USERS} users with pending sign-ins in ${Date.now() - seeded} ms\n`,
      );
    } finally {
      // The server gets the database to itself, as in production.
      await database.close();
    }
    const server = await startServer(SERVER, env);
    return await run(
      `POST /api/login/totp, ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      server,
      logins,
    );
  } finally {
    if (dialect === 'postgres') {
      const database = await openDatabase({ databaseURL: url });
      await database.db.schema.dropSchema(schema).cascade().execute();
      await database.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
rows.push(
  await run('bare fastify route (ceiling)', await startServer(SERVER, { BENCH_BARE: '1' }), undefined),
);
rows.push(await benchDialect('sqlite'));
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)
  rows.push(await benchDialect('postgres'));

process.stdout.write(
  `\nNode ${process.version}, ${cpus().length} cores, ${CONNECTIONS} connections, ${DURATION} s each\n\n` +
    '| target | requests/s | p50 ms | p99 ms | 2xx | failed | server CPU µs/request |\n' +
    '|---|---:|---:|---:|---:|---:|---:|\n' +
    rows
      .map(
        (row) =>
          `| ${row.target} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.ok} | ${row.failed} | ${row.cpuMicros} |`,
      )
      .join('\n') +
    '\n',
);
if (rows.some((row) => row.target.startsWith('POST') && row.failed > 0)) {
  process.stderr.write('some verifications failed: the figures above do not measure the success path\n');
  process.exitCode = 1;
}
