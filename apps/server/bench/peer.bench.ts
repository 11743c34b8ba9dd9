// Kakunin against better-auth (two-factor plugin, TOTP) in one run: the same machine, database
// engine, user count, load generator and connection count, interleaved rounds. It measures the
// second-factor step (a fresh valid code per request, a distinct user's pending sign-in each time),
// the password step (each side's own hash, and the peer with Kakunin's argon2id for equal cost), and
// counts replayed codes each side accepts.
// Usage: npm run bench:peer -w apps/server   (PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { totp } from '@kakunin/otp';
import { hashPassword as peerHashPassword, verifyPassword as peerVerifyPassword } from 'better-auth/crypto';
import { hashPassword, verifyPassword } from '../src/crypto/password.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { type BenchServer, type LoadResult, load, startServer } from './harness.js';
import {
  createPeerAuth,
  migratePeer,
  type PeerDialect,
  type PeerHash,
  type PeerLogin,
  type PeerOptions,
  peerConfiguration,
  seedPeer,
} from './peer/better-auth.js';
import { summarizeProfiles } from './profile-summary.js';
import { BENCH_PASSWORD, type SeededLogin, seedPendingLogins } from './seed.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const USERS = Number(process.env.BENCH_USERS ?? 12_000);
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 50);
// `BENCH_ENGINES=postgres` and `BENCH_STEPS=second-factor` narrow the run, to iterate on one figure.
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const PASSWORD_STEP = (process.env.BENCH_STEPS ?? 'second-factor,password').split(',').includes('password');
const KAKUNIN_SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const PEER_SERVER = fileURLToPath(new URL('./peer/server.ts', import.meta.url));
const PEER_ORIGIN = 'http://bench.localhost';

type Side = 'kakunin' | 'peer';

interface Measured extends LoadResult {
  step: string;
  side: Side;
  round: number;
}

/** Hands out seeded sign-ins in order; running out is an error, never a silent reuse. */
function queue<T>(items: T[], what: string): () => T {
  let next = 0;
  return () => {
    const item = items[next++];
    if (item === undefined) throw new Error(`the benchmark ran out of ${what}; raise BENCH_USERS`);
    return item;
  };
}

interface DialectSetup {
  dialect: PeerDialect;
  kakuninEnv: Record<string, string>;
  peer: (hash: PeerHash) => PeerOptions;
  kakunin: SeededLogin[];
  peerLogins: PeerLogin[];
  /** Users whose two pending sign-ins are kept for the replay count. */
  kakuninReplay: SeededLogin[];
  peerReplay: PeerLogin[];
  cleanup: () => Promise<void>;
}

async function setUp(dialect: PeerDialect): Promise<DialectSetup> {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-peer-bench-'));
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const kakuninSchema = `kakunin_bench_${tag}`;
  const secretKey = new Uint8Array(randomBytes(32));
  const kakuninEnv: Record<string, string> = { KAKUNIN_SECRET_KEY: Buffer.from(secretKey).toString('hex') };
  if (dialect === 'postgres') Object.assign(kakuninEnv, { DATABASE_URL: url, BENCH_SCHEMA: kakuninSchema });
  else kakuninEnv.KAKUNIN_DATA_DIR = dir;
  const peerSecret = randomBytes(32).toString('base64');
  const peerSchemas: string[] = [];
  const peer = (hash: PeerHash): PeerOptions => {
    const schema = `better_auth_bench_${hash}_${tag}`;
    return dialect === 'postgres'
      ? { dialect, location: url, schema, secret: peerSecret, baseURL: PEER_ORIGIN, hash }
      : {
          dialect,
          location: join(dir, `peer-${hash}.sqlite`),
          secret: peerSecret,
          baseURL: PEER_ORIGIN,
          hash,
        };
  };

  const started = Date.now();
  const database = await openDatabase(
    dialect === 'postgres' ? { databaseURL: url, schema: kakuninSchema } : { dataDir: dir },
  );
  let kakunin: SeededLogin[];
  let kakuninReplay: SeededLogin[];
  try {
    await migrate(database);
    kakunin = await seedPendingLogins(database.db, secretKey, USERS);
    kakuninReplay = await seedPendingLogins(database.db, secretKey, REPLAYS, 2, 'replay');
  } finally {
    await database.close();
  }
  process.stderr.write(`${dialect}: Kakunin seeded in ${Date.now() - started} ms\n`);

  const seedStarted = Date.now();
  const seedPeerDatabase = async (hash: PeerHash, users: number, replays: number) => {
    const options = peer(hash);
    if (options.schema) {
      peerSchemas.push(options.schema);
      const admin = await openDatabase({ databaseURL: url, schema: options.schema });
      await admin.close();
    }
    const { auth, close } = createPeerAuth(options);
    try {
      await migratePeer(auth);
      return {
        logins: await seedPeer(auth, users, 1, BENCH_PASSWORD, 'bench'),
        replay: await seedPeer(auth, replays, 2, BENCH_PASSWORD, 'replay'),
      };
    } finally {
      await close();
    }
  };
  const scrypt = await seedPeerDatabase('scrypt', USERS, REPLAYS);
  // The equal-cost peer only serves password sign-ins: a smaller user set is enough.
  await seedPeerDatabase('argon2id', Math.min(USERS, 4_000), 0);
  process.stderr.write(`${dialect}: better-auth seeded in ${Date.now() - seedStarted} ms\n`);

  return {
    dialect,
    kakuninEnv,
    peer,
    kakunin,
    peerLogins: scrypt.logins,
    kakuninReplay,
    peerReplay: scrypt.replay,
    cleanup: async () => {
      if (dialect === 'postgres') {
        const admin = await openDatabase({ databaseURL: url });
        for (const schema of [kakuninSchema, ...peerSchemas])
          await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
        await admin.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function peerEnv(options: PeerOptions): Record<string, string> {
  return {
    PEER_DIALECT: options.dialect,
    PEER_LOCATION: options.location,
    PEER_SECRET: options.secret,
    PEER_BASE_URL: options.baseURL,
    PEER_HASH: options.hash,
    ...(options.schema ? { PEER_SCHEMA: options.schema } : {}),
  };
}

// A fresh object each time: the load generator adds content-length to the headers it is given.
const json = () => ({ 'content-type': 'application/json' });

async function secondFactor(setup: DialectSetup, side: Side, take: () => SeededLogin | PeerLogin) {
  if (side === 'kakunin') {
    const server = await startServer(KAKUNIN_SERVER, setup.kakuninEnv, 'kakunin-second-factor');
    return load({
      server,
      path: '/api/login/totp',
      connections: CONNECTIONS,
      duration: DURATION,
      next() {
        const login = take() as SeededLogin;
        return {
          headers: { ...json(), cookie: `kakunin_session=${login.token}` },
          body: JSON.stringify({ code: totp(login.secret, Date.now()) }),
        };
      },
    });
  }
  const server = await startServer(PEER_SERVER, peerEnv(setup.peer('scrypt')), 'better-auth-second-factor');
  return load({
    server,
    path: '/api/auth/two-factor/verify-totp',
    connections: CONNECTIONS,
    duration: DURATION,
    next() {
      const login = take() as PeerLogin;
      return {
        headers: { ...json(), origin: PEER_ORIGIN, cookie: login.cookies[0]! },
        body: JSON.stringify({ code: totp(login.key, Date.now()) }),
      };
    },
  });
}

async function password(setup: DialectSetup, side: Side | 'peer-argon2id', users: number) {
  let next = 0;
  const user = () => next++ % users;
  if (side === 'kakunin') {
    const server = await startServer(KAKUNIN_SERVER, setup.kakuninEnv, 'kakunin-password');
    return load({
      server,
      path: '/api/login',
      connections: CONNECTIONS,
      duration: DURATION,
      next: () => ({
        headers: json(),
        body: JSON.stringify({ username: `bench${user()}`, password: BENCH_PASSWORD }),
      }),
    });
  }
  const hash: PeerHash = side === 'peer' ? 'scrypt' : 'argon2id';
  const server = await startServer(PEER_SERVER, peerEnv(setup.peer(hash)), `better-auth-password-${hash}`);
  return load({
    server,
    path: '/api/auth/sign-in/email',
    connections: CONNECTIONS,
    duration: DURATION,
    next: () => ({
      headers: { ...json(), origin: PEER_ORIGIN },
      body: JSON.stringify({ email: `bench${user()}@example.com`, password: BENCH_PASSWORD }),
    }),
  });
}

/** Signs each replay user in with a code, then offers the same code to its second pending sign-in. */
async function replays(server: BenchServer, side: Side, setup: DialectSetup) {
  let first = 0;
  let replayed = 0;
  const post = (path: string, cookie: string, code: string, origin?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...json(), cookie, ...(origin ? { origin } : {}) },
      body: JSON.stringify({ code }),
    }).then((response) => response.status);
  const users = side === 'kakunin' ? setup.kakuninReplay : setup.peerReplay;
  for (const login of users) {
    if (side === 'kakunin') {
      const seeded = login as SeededLogin;
      const code = totp(seeded.secret, Date.now());
      if ((await post('/api/login/totp', `kakunin_session=${seeded.tokens[0]}`, code)) === 200) first++;
      if ((await post('/api/login/totp', `kakunin_session=${seeded.tokens[1]}`, code)) === 200) replayed++;
    } else {
      const seeded = login as PeerLogin;
      const code = totp(seeded.key, Date.now());
      const path = '/api/auth/two-factor/verify-totp';
      if ((await post(path, seeded.cookies[0]!, code, PEER_ORIGIN)) === 200) first++;
      if ((await post(path, seeded.cookies[1]!, code, PEER_ORIGIN)) === 200) replayed++;
    }
  }
  await server.stop();
  return { users: users.length, first, replayed };
}

/** Median milliseconds of one password verification, Kakunin's argon2id and better-auth's scrypt. */
async function hashCosts(): Promise<{ argon2id: number; scrypt: number }> {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const time = async (verify: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      await verify();
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  const argon = await hashPassword(BENCH_PASSWORD);
  const scrypt = await peerHashPassword(BENCH_PASSWORD);
  return {
    argon2id: await time(() => verifyPassword(argon, BENCH_PASSWORD)),
    scrypt: await time(() => peerVerifyPassword({ hash: scrypt, password: BENCH_PASSWORD })),
  };
}

const best = (rows: Measured[], step: string, side: Side | string) => {
  const mine = rows.filter((row) => row.step === step && row.side === side);
  // The median round: on a shared machine the best or worst round says more about the neighbours.
  return mine.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(mine.length / 2)]!;
};

async function benchDialect(dialect: PeerDialect): Promise<string> {
  const setup = await setUp(dialect);
  const rows: Measured[] = [];
  try {
    const takeKakunin = queue(setup.kakunin, 'Kakunin pending sign-ins');
    const takePeer = queue(setup.peerLogins, 'better-auth pending sign-ins');
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which side goes first, so neither always runs on the warmer (or busier) machine.
      const order: Side[] = round % 2 === 0 ? ['kakunin', 'peer'] : ['peer', 'kakunin'];
      for (const side of order) {
        const result = await secondFactor(setup, side, side === 'kakunin' ? takeKakunin : takePeer);
        rows.push({ step: 'second factor', side, round, ...result });
        process.stderr.write(
          `${dialect} round ${round} second factor ${side}: ${result.requestsPerSecond}/s\n`,
        );
      }
    }
    for (let round = 0; round < (PASSWORD_STEP ? ROUNDS : 0); round++) {
      const order: (Side | 'peer-argon2id')[] =
        round % 2 === 0 ? ['kakunin', 'peer', 'peer-argon2id'] : ['peer-argon2id', 'peer', 'kakunin'];
      for (const side of order) {
        const result = await password(setup, side, side === 'peer-argon2id' ? Math.min(USERS, 4_000) : USERS);
        rows.push({ step: 'password', side: side as Side, round, ...result });
        process.stderr.write(`${dialect} round ${round} password ${side}: ${result.requestsPerSecond}/s\n`);
      }
    }
    const kakuninReplay = await replays(
      await startServer(KAKUNIN_SERVER, setup.kakuninEnv),
      'kakunin',
      setup,
    );
    const peerReplay = await replays(
      await startServer(PEER_SERVER, peerEnv(setup.peer('scrypt')), 'replay'),
      'peer',
      setup,
    );
    return report(dialect, rows, kakuninReplay, peerReplay);
  } finally {
    await setup.cleanup();
  }
}

function report(
  dialect: PeerDialect,
  rows: Measured[],
  kakuninReplay: { users: number; first: number; replayed: number },
  peerReplay: { users: number; first: number; replayed: number },
): string {
  const engine = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const lines = [
    `\n### ${engine}\n`,
    '| step | Kakunin req/s | better-auth req/s | ratio | Kakunin p99 ms | better-auth p99 ms | Kakunin CPU µs/req | better-auth CPU µs/req | failed (K / b-a) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const line = (label: string, k: Measured, p: Measured) =>
    `| ${label} | ${k.requestsPerSecond} | ${p.requestsPerSecond} | ${(k.requestsPerSecond / p.requestsPerSecond).toFixed(2)}× | ${k.p99} | ${p.p99} | ${k.cpuMicros} | ${p.cpuMicros} | ${k.failed} / ${p.failed} |`;
  // Each row: what is compared, the step measured, and which better-auth run it is set against.
  const comparisons: readonly [label: string, step: string, peer: string][] = [
    ['second factor (fresh code)', 'second factor', 'peer'],
    ["password, each side's own hash", 'password', 'peer'],
    ['password, both argon2id 19 MiB t=2', 'password', 'peer-argon2id'],
  ];
  for (const [label, step, peer] of comparisons.filter(([, step]) => rows.some((row) => row.step === step)))
    lines.push(line(label, best(rows, step, 'kakunin'), best(rows, step, peer)));
  lines.push(
    '',
    `Replayed codes (the code that just signed a user in, offered to the same user's second pending sign-in, ${kakuninReplay.users} users each):`,
    `Kakunin accepted ${kakuninReplay.replayed} of ${kakuninReplay.first}; better-auth accepted ${peerReplay.replayed} of ${peerReplay.first}.`,
    '',
    'Every round (requests/s): ' +
      rows.map((row) => `${row.step}/${row.side}/r${row.round}=${row.requestsPerSecond}`).join(', '),
  );
  return lines.join('\n');
}

const costs = await hashCosts();
const sections: string[] = [];
if (ENGINES.includes('sqlite')) sections.push(await benchDialect('sqlite'));
if (ENGINES.includes('postgres') && (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL))
  sections.push(await benchDialect('postgres'));

process.stdout.write(
  `\nNode ${process.version}, ${cpus().length} cores, ${CONNECTIONS} connections, ${DURATION} s per round, ` +
    `${ROUNDS} interleaved rounds (median round shown), ${USERS} users per side\n` +
    `Password verification, one at a time in this process: Kakunin argon2id ${costs.argon2id.toFixed(1)} ms, ` +
    `better-auth scrypt ${costs.scrypt.toFixed(1)} ms\n` +
    `better-auth configuration: ${JSON.stringify(peerConfiguration(createPeerOptionsForPrint()), null, 1)}\n` +
    sections.join('\n') +
    '\n',
);
if (process.env.BENCH_PROFILE)
  process.stdout.write(`\n${await summarizeProfiles(process.env.BENCH_PROFILE)}\n`);

function createPeerOptionsForPrint(): PeerOptions {
  return { dialect: 'sqlite', location: '', secret: '', baseURL: PEER_ORIGIN, hash: 'scrypt' };
}
