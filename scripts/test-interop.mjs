#!/usr/bin/env node
// Checks a corpus of other authenticator apps' export files against its manifest:
//   npm run test:interop -- <dir>        (<dir>/manifest.json and <dir>/files/)
// Every file must import to exactly the accounts listed (every field equal, per-file differences
// applied, no more and no fewer), and each imported account must produce the codes an independent
// RFC 4226/6238 implementation (node:crypto) computes from the manifest. One line per file, then
// "N passed, N failed"; the exit status is 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Re-run under the TypeScript loader so @kakunin/* resolve to their sources (no build needed).
const dirArg = process.argv.slice(2).find((a) => a !== '--');
if (!dirArg) {
  console.error('usage: npm run test:interop -- <corpus dir containing manifest.json>');
  process.exit(2);
}
const dir = resolve(process.cwd(), dirArg);

if (!process.env.KAKUNIN_INTEROP_CHILD) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@kakunin/source', '--import', 'tsx', fileURLToPath(import.meta.url), dir],
    { cwd: root, stdio: 'inherit', env: { ...process.env, KAKUNIN_INTEROP_CHILD: '1' } },
  );
  process.exit(result.status ?? 1);
}

const { importFile } = await import('@kakunin/interop');
const { code, decodeBase32, encodeBase32 } = await import('@kakunin/otp');
const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));

// Expected account from the manifest: defaults fill what the manifest leaves out for a type.
function expected(id, difference) {
  const base = manifest.accounts[id];
  if (!base) throw new Error(`manifest: unknown account id ${id}`);
  const account = {
    type: base.type,
    secret: base.secret,
    issuer: base.issuer,
    name: base.name,
    algorithm: base.algorithm,
    digits: base.digits,
    period: base.period ?? 30,
    counter: BigInt(base.counter ?? 0),
  };
  // A structured difference replaces fields; a sentence means the app cannot keep issuer and name
  // (e.g. Bitwarden's steam:// keys), so those two are taken from the file and only checked as text.
  const loose = typeof difference === 'string';
  if (difference && !loose) {
    for (const [field, value] of Object.entries(difference)) {
      account[field] = field === 'counter' ? BigInt(value) : value;
    }
  }
  return { account, loose };
}

function describe(a) {
  return `${a.type} ${a.issuer}:${a.name}`;
}

// Compare one imported account with the expected one; returns a list of differences.
function compare(got, want, loose) {
  const problems = [];
  const fields = ['type', 'algorithm', 'digits', 'period', 'counter'];
  if (!loose) fields.push('issuer', 'name');
  else if (typeof got.issuer !== 'string' || typeof got.name !== 'string')
    problems.push('issuer/name not text');
  for (const field of fields) {
    if (got[field] !== want[field]) problems.push(`${field} ${String(got[field])} ≠ ${String(want[field])}`);
  }
  if (got.note !== undefined && got.note !== '') problems.push(`unexpected note "${got.note}"`);
  if (got.group !== undefined && got.group !== '') problems.push(`unexpected group "${got.group}"`);
  return problems;
}

// Independent code generation (RFC 4226 §5.3, RFC 6238 §4, Steam Guard's 26-symbol alphabet).
const STEAM = '23456789BCDFGHJKMNPQRTVWXY';
function referenceCode(want, nowMs) {
  const key = Buffer.from(decodeBase32(want.secret));
  const counter = want.type === 'hotp' ? want.counter : BigInt(Math.floor(nowMs / 1000 / want.period));
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(want.algorithm.toLowerCase(), key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  if (want.type === 'steam') {
    let value = binary;
    let out = '';
    for (let i = 0; i < 5; i++) {
      out += STEAM[value % STEAM.length];
      value = Math.floor(value / STEAM.length);
    }
    return out;
  }
  return String(binary % 10 ** want.digits).padStart(want.digits, '0');
}

const TIMES = [59_000, 1_111_111_109_000, 2_000_000_000_000, 20_000_000_000_000];

async function check(entry) {
  const bytes = new Uint8Array(await readFile(join(dir, 'files', entry.file)));
  const options = { filename: entry.file };
  if (entry.password !== undefined) options.password = entry.password;
  const result = await importFile(bytes, options);
  const remaining = new Map(entry.ids.map((id) => [id, expected(id, entry.differences?.[id])]));
  const problems = [];
  for (const got of result.accounts) {
    const secret = encodeBase32(got.secret);
    const match = [...remaining].find(([, e]) => e.account.secret === secret);
    if (!match) {
      problems.push(`unexpected account ${describe(got)}`);
      continue;
    }
    const [id, { account: want, loose }] = match;
    remaining.delete(id);
    const diff = compare(got, want, loose);
    if (diff.length > 0) problems.push(`${id}: ${diff.join(', ')}`);
    for (const t of TIMES) {
      const ours = code(got, t);
      const reference = referenceCode(want, t);
      if (ours !== reference) {
        problems.push(`${id}: code at ${t} is ${ours}, expected ${reference}`);
        break;
      }
    }
  }
  for (const id of remaining.keys()) problems.push(`missing account ${id}`);
  return { result, problems };
}

let passed = 0;
let failed = 0;
for (const entry of manifest.files) {
  try {
    const { result, problems } = await check(entry);
    if (problems.length === 0) {
      passed++;
      const warnings = result.warnings.length > 0 ? ` (${result.warnings.length} warning(s))` : '';
      console.log(`PASS ${entry.file}: ${result.format}, ${result.accounts.length} accounts${warnings}`);
    } else {
      failed++;
      console.log(`FAIL ${entry.file}: ${problems.join('; ')}`);
    }
  } catch (error) {
    failed++;
    const reason =
      error && typeof error === 'object' && 'code' in error
        ? `${error.code}: ${error.message}`
        : String(error);
    console.log(`FAIL ${entry.file}: ${reason}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
