/**
 * Import and QR decoding figures for docs/benchmarks.md ("Imports and QR decoding"):
 *   npm run bench -w packages/interop
 * Targets: importing a 1,000-account encrypted Aegis file ≤ 2 s; decoding a 1,280×720 JPEG photo of a
 * QR code ≤ 50 ms. Medians of several runs after a warm-up; nothing here fails on a slow machine.
 * The heavy kinds of other apps' files (SQLite databases, Argon2id backups) are timed at 1,000 accounts.
 */
import { type Account, encodeBase32, encodeMigrationURIs } from '@kakunin/otp';
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import fc from 'fast-check';
import { argon2id } from 'hash-wasm';
import initSqlJs from 'sql.js';
import { aesGcmSeal, rawAesKey } from '../src/crypto.ts';
import { decodeQRCodes, exportAegis, exportCXF, exportURIList, importFile } from '../src/index.ts';
import { defaultSQLiteWasm } from '../src/qr/wasm-loader-node.ts';
import { migratableAccount } from '../test/support/accounts.ts';
import { photoJPEG } from '../test/support/photo.ts';

async function time(runs: number, task: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, max: samples[samples.length - 1]! };
}

const ms = (n: number): string => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const row = (what: string, r: { median: number; max: number }, target: string): void =>
  console.log(
    `${what.padEnd(58)} median ${ms(r.median).padStart(8)}  max ${ms(r.max).padStart(8)}  ${target}`,
  );

const accounts = fc.sample(migratableAccount, { numRuns: 1000, seed: 1 });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const encrypted = bytes(await exportAegis(accounts, { password: 'benchmark' }));
await importFile(encrypted, { password: 'benchmark' });
row(
  'import 1,000-account Aegis file, encrypted (scrypt N=2^15)',
  await time(5, () => importFile(encrypted, { password: 'benchmark' })),
  'target ≤ 2 s',
);
const plain = bytes(await exportAegis(accounts));
row('import 1,000-account Aegis file, plain', await time(5, () => importFile(plain)), '');
const list = bytes(exportURIList(accounts));
row('import 1,000 otpauth:// URIs', await time(5, () => importFile(list)), '');

const { uris } = encodeMigrationURIs(accounts.slice(0, 10), { batchId: 1 });
const photo = photoJPEG(uris[0]!, { angle: 11, module: 5, seed: 5, quality: 70 });
const first = await time(1, () => decodeQRCodes(photo));
row('decode 1,280×720 JPEG photo of a QR code, first call (wasm)', first, '');
const texts = await decodeQRCodes(photo);
if (texts[0] !== uris[0]) throw new Error('the benchmark photo did not decode');
row('decode 1,280×720 JPEG photo of a QR code', await time(30, () => decodeQRCodes(photo)), 'target ≤ 50 ms');
row('import 1,280×720 JPEG photo of a migration QR code', await time(10, () => importFile(photo)), '');

// Heavy kinds: SQLite databases (sql.js, loaded on first use) and Argon2id-encrypted backups.
const base32 = (a: Account): string => encodeBase32(a.secret);
const SQL = await initSqlJs({ wasmBinary: await defaultSQLiteWasm() });
function database(create: string, insert: string, values: unknown[][]): Uint8Array {
  const db = new SQL.Database();
  db.run(create);
  for (const v of values) db.run(insert, v as never[]);
  const out = db.export();
  db.close();
  return out;
}
const totps = accounts.map((a) => ({
  ...a,
  type: 'totp' as const,
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
}));
const google = database(
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, issuer TEXT)',
  'INSERT INTO accounts (email, secret, counter, type, issuer) VALUES (?, ?, 0, 0, ?)',
  totps.map((a) => [`${a.issuer}:${a.name}`, base32(a), a.issuer]),
);
row(
  'import Google Authenticator database, first call (sql.js wasm)',
  await time(1, () => importFile(google)),
  '',
);
row('import 1,000-account Google Authenticator database', await time(5, () => importFile(google)), '');
const microsoft = database(
  'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, name TEXT, username TEXT, oath_secret_key TEXT, account_type INTEGER)',
  'INSERT INTO accounts (name, username, oath_secret_key, account_type) VALUES (?, ?, ?, 0)',
  totps.map((a) => [a.issuer, a.name, base32(a)]),
);
row('import 1,000-account Microsoft Authenticator database', await time(5, () => importFile(microsoft)), '');

const stratumJSON = bytes(
  JSON.stringify({
    Authenticators: totps.map((a) => ({
      Type: 2,
      Issuer: a.issuer,
      Username: a.name,
      Secret: base32(a),
      Algorithm: 0,
      Digits: 6,
      Period: 30,
      Counter: 0,
    })),
  }),
);
const salt = new Uint8Array(16).fill(1);
const iv = new Uint8Array(12).fill(2);
const argonParams = {
  password: 'benchmark',
  salt,
  parallelism: 4,
  iterations: 3,
  memorySize: 65536,
  hashLength: 32,
} as const;
const stratumKey = await argon2id({ ...argonParams, outputType: 'binary' });
const sealed = await aesGcmSeal(await rawAesKey(stratumKey), iv, stratumJSON);
const stratum = new Uint8Array([...bytes('AUTHENTICATORPRO'), ...salt, ...iv, ...sealed]);
row(
  'import 1,000-account Stratum backup, Argon2id (hash-wasm)',
  await time(3, () => importFile(stratum, { password: 'benchmark' })),
  '',
);
row(
  '  Argon2id alone, 64 MiB × 3 passes × 4 lanes, hash-wasm',
  await time(3, () => argon2id({ ...argonParams, outputType: 'binary' })),
  '',
);
row(
  '  Argon2id alone, same parameters, @noble/hashes',
  await time(3, async () => nobleArgon2id('benchmark', salt, { p: 4, t: 3, m: 65536, dkLen: 32 })),
  '',
);

const cxf = bytes(exportCXF(totps, { now: 0 }).text);
row('import 1,000-account FIDO Credential Exchange file', await time(5, () => importFile(cxf)), '');
