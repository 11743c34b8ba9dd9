// Benchmark of the forward-auth check, GET /api/authz/forward-auth, as a reverse proxy sends it for
// every request to a protected app: thousands of distinct signed-in sessions taken in turn (no cookie
// twice in a row), a host rule that lets them in, and the X-Forwarded-* headers of the proxy. Each
// session's first check (read from the database) and the checks after it (remembered while the
// database's epoch counter stays put) are measured apart. Next to it, in the same run, a bare fastify
// GET route.
// Usage: npm run bench:forward-auth -w apps/server   (PostgreSQL too when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { hashPassword } from '../src/crypto/password.js';
import { hashToken, randomToken } from '../src/crypto/tokens.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import type { DB } from '../src/db/schema.js';
import { SESSION_LIFETIME } from '../src/services/sessions.js';
import { type BenchServer, type LoadResult, load, startServer } from './harness.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 5000);
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const HOST = 'wiki.example.com';

interface Row extends LoadResult {
  target: string;
}

/** `count` users, each with a full session signed in with password and code; returns the cookies. */
async function seedSessions(db: Kysely<DB>, count: number): Promise<string[]> {
  const passwordHash = await hashPassword('benchmark password');
  const now = Date.now();
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: size }, (_, i) => ({
          username: `reader${start + i}`,
          password_hash: passwordHash,
          role: 'user' as const,
          created_at: now,
        })),
      )
      .returning('id')
      .execute();
    const batch = users.map(({ id }) => ({ id, token: randomToken() }));
    await db
      .insertInto('sessions')
      .values(
        batch.map(({ id, token }) => ({
          id: hashToken(token),
          user_id: id,
          stage: 'full' as const,
          created_at: now,
          expires_at: now + SESSION_LIFETIME.full,
          ip: '127.0.0.1',
          auth_time: now,
          amr: JSON.stringify(['pwd', 'otp']),
        })),
      )
      .execute();
    tokens.push(...batch.map(({ token }) => token));
  }
  await db
    .insertInto('protected_hosts')
    .values({
      host: HOST,
      allowed_users: '[]',
      allowed_roles: '[]',
      two_factor: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return tokens;
}

async function run(
  target: string,
  server: BenchServer,
  tokens: string[] | undefined,
  phase: { amount?: number; stop?: boolean } = {},
): Promise<Row> {
  let next = 0;
  let expected = 0;
  const result = await load({
    server,
    method: 'GET',
    path: '/api/authz/forward-auth',
    connections: CONNECTIONS,
    duration: DURATION,
    ...phase,
    next() {
      const token = tokens?.[next++ % tokens.length];
      expected++;
      return {
        headers: {
          'x-forwarded-method': 'GET',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': HOST,
          'x-forwarded-uri': `/page/${expected}`,
          ...(token ? { cookie: `kakunin_session=${token}` } : {}),
        },
      };
    },
  });
  return { target, ...result };
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<Row[]> {
  const env: Record<string, string> = {
    KAKUNIN_SECRET_KEY: randomBytes(32).toString('hex'),
    TRUST_PROXY: '127.0.0.1',
  };
  const dir = mkdtempSync(`${tmpdir()}/kakunin-bench-`);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const schema = `kakunin_bench_fa_${Date.now().toString(36)}`;
  if (dialect === 'postgres') Object.assign(env, { DATABASE_URL: url, BENCH_SCHEMA: schema });
  else env.KAKUNIN_DATA_DIR = dir;
  try {
    const database =
      dialect === 'postgres'
        ? await openDatabase({ databaseURL: url, schema })
        : await openDatabase({ dataDir: dir });
    let tokens: string[];
    try {
      await migrate(database);
      tokens = await seedSessions(database.db, SESSIONS);
    } finally {
      await database.close();
    }
    const server = await startServer(SERVER, env, `forward-auth-${dialect}`);
    const name = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    // First every session once (each read from the database), then the same sessions again and again
    // for DURATION (what a proxy sends: each person's every request), in the same order.
    const first = await run(`${name}: first check of each of ${SESSIONS} sessions`, server, tokens, {
      amount: SESSIONS,
      stop: false,
    });
    const again = await run(`${name}: ${SESSIONS} sessions checked again, ${DURATION} s`, server, tokens);
    return [first, again];
  } finally {
    if (dialect === 'postgres') {
      const database = await openDatabase({ databaseURL: url });
      await database.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await database.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
rows.push(
  await run('bare fastify GET route (ceiling)', await startServer(SERVER, { BENCH_BARE: '1' }), undefined),
);
rows.push(...(await benchDialect('sqlite')));
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)
  rows.push(...(await benchDialect('postgres')));

const bare = rows[0]?.requestsPerSecond ?? 0;
process.stdout.write(
  `\nNode ${process.version}, ${cpus().length} cores, ${CONNECTIONS} connections, ${DURATION} s each, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}\n\n` +
    '| target | checks/s | of bare rate | p50 ms | p99 ms | 2xx | failed | server CPU µs/check |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|\n' +
    rows
      .map(
        (row) =>
          `| ${row.target} | ${row.requestsPerSecond} | ${Math.round((100 * row.requestsPerSecond) / bare)} % | ${row.p50} | ${row.p99} | ${row.ok} | ${row.failed} | ${row.cpuMicros} |`,
      )
      .join('\n') +
    '\n',
);
if (rows.some((row) => row.failed > 0)) {
  process.stderr.write('some checks were refused: the figures above do not measure the allowed path\n');
  process.exitCode = 1;
}
