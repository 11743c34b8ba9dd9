// The administrator's users page with 10,000 users: server time of the page (first, middle and last
// page, and a search) and of the JSON list, on SQLite and (with BENCH_DATABASE_URL or TEST_DATABASE_URL)
// PostgreSQL. In process (fastify.inject): what is timed is the server's work, no network.
//   npm run bench:admin-users -w apps/server
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/crypto/password.js';
import { migrate } from '../src/db/migrate.js';
import { type Database, openDatabase } from '../src/db/open.js';

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const PASSWORD = 'benchmark password';

interface Target {
  name: string;
  open: () => Promise<Database>;
  dispose: () => Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-bench-users-'));
  return {
    name: 'SQLite',
    open: () => openDatabase({ sqliteFile: join(dir, 'kakunin.sqlite') }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(url: string): Target {
  const schema = `kakunin_bench_${randomBytes(4).toString('hex')}`;
  return {
    name: 'PostgreSQL',
    open: () => openDatabase({ databaseURL: url, schema }),
    dispose: async () => {
      const admin = await openDatabase({ databaseURL: url });
      await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await admin.close();
    },
  };
}

async function seed(database: Database): Promise<void> {
  const passwordHash = await hashPassword(PASSWORD);
  const now = Date.now();
  for (let start = 0; start < USERS; start += 500) {
    const rows = Array.from({ length: Math.min(500, USERS - start) }, (_, i) => {
      const n = start + i;
      return {
        username: n === 0 ? 'admin' : `user${String(n).padStart(5, '0')}`,
        password_hash: passwordHash,
        role: n === 0 ? ('admin' as const) : ('user' as const),
        created_at: now,
        display_name: `Person ${n}`,
        email: `user${n}@example.com`,
      };
    });
    await database.db.insertInto('users').values(rows).execute();
  }
}

/**
 * Adds up the time of every query the service runs (awaited, so overlapping queries count once
 * each): the database's share of a request's server time.
 */
function timeQueries(database: Database): { reset(): void; total(): number; count(): number } {
  let total = 0;
  let count = 0;
  // The query executor of every Kysely instance derived from this one shares this prototype method.
  // biome-ignore lint/suspicious/noExplicitAny: reaching into Kysely's executor to time it
  let proto = Object.getPrototypeOf((database.db as any).getExecutor());
  while (!Object.hasOwn(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto);
  const original = proto.executeQuery;
  proto.executeQuery = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      total += performance.now() - started;
      count += 1;
    }
  };
  return {
    reset() {
      total = 0;
      count = 0;
    },
    total: () => total,
    count: () => count,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function run(target: Target): Promise<void> {
  const database = await target.open();
  try {
    await migrate(database);
    await seed(database);
    const config = loadConfig({ KAKUNIN_DATA_DIR: tmpdir() });
    const app = await buildApp({
      config,
      db: database.db,
      secretKey: new Uint8Array(randomBytes(32)),
      logger: false,
      requestsPerMinute: false,
    });
    // Server time: from the request's arrival in fastify to the response sent, measured by the
    // server itself (what a Server-Timing header would report); the database's share of it alongside.
    const serverTimes: number[] = [];
    app.addHook('onRequest', async (request) => {
      (request as unknown as { startedAt: number }).startedAt = performance.now();
    });
    app.addHook('onResponse', async (request) => {
      serverTimes.push(performance.now() - (request as unknown as { startedAt: number }).startedAt);
    });
    const databaseTime = timeQueries(database);
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = `kakunin_session=${login.cookies.find((c) => c.name === 'kakunin_session')?.value}`;
    const lastPage = Math.ceil(USERS / 50);
    const urls = [
      '/admin/users',
      `/admin/users?page=${Math.floor(lastPage / 2)}`,
      `/admin/users?page=${lastPage}`,
      '/admin/users?q=person%20777',
      '/api/admin/users?q=example.com&page=100',
    ];
    for (const url of urls) {
      const times: number[] = [];
      const queries: number[] = [];
      for (let round = 0; round < ROUNDS + 5; round++) {
        databaseTime.reset();
        const response = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
        const ms = serverTimes.pop() as number;
        if (round >= 5) {
          times.push(ms);
          queries.push(databaseTime.total());
        }
      }
      times.sort((a, b) => a - b);
      queries.sort((a, b) => a - b);
      const figure = (list: number[], p: number) => `${percentile(list, p).toFixed(1)} ms`;
      console.log(
        `${target.name.padEnd(10)} ${url.padEnd(42)} server median ${figure(times, 50)}  p95 ${figure(times, 95)}  max ${(times.at(-1) as number).toFixed(1)} ms  (database median ${figure(queries, 50)}, ${databaseTime.count()} queries)`,
      );
    }
    await app.close();
  } finally {
    await database.close();
    await target.dispose();
  }
}

console.log(
  `${USERS} users, ${ROUNDS} requests per address after 5 warm-up requests; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
await run(sqliteTarget());
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) await run(postgresTarget(url));
else console.log('PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)');
