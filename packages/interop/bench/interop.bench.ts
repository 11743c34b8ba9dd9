/**
 * Import and QR decoding figures for docs/benchmarks.md ("Imports and QR decoding"):
 *   npm run bench -w packages/interop
 * Targets: importing a 1,000-account encrypted Aegis file ≤ 2 s; decoding a 1,280×720 JPEG photo of a
 * QR code ≤ 50 ms. Medians of several runs after a warm-up; nothing here fails on a slow machine.
 */
import { encodeMigrationURIs } from '@kakunin/otp';
import fc from 'fast-check';
import { decodeQRCodes, exportAegis, exportURIList, importFile } from '../src/index.ts';
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
