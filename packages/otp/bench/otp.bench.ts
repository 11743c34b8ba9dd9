// The OTP engine against its peers: `npm run bench -w packages/otp`. One process, one run.
import { createHmac } from 'node:crypto';
import { generateTOTP as osloGenerate, verifyTOTPWithGracePeriod as osloVerify } from '@oslojs/otp';
import * as OTPAuth from 'otpauth';
import { generateSync as otplibGenerate, verifySync as otplibVerify } from 'otplib';
import speakeasy from 'speakeasy';
import { totp, verifyTOTP } from '../src/index.ts';
import { bestOfRounds, formatOps, formatRatio, type Operation, sinkValue } from './harness.ts';

type Task = 'generate' | 'verify-current' | 'verify-previous' | 'verify-wrong';
const TASKS: Task[] = ['generate', 'verify-current', 'verify-previous', 'verify-wrong'];

// RFC 6238's SHA-1 seed; every library verifies with a window of one step on each side.
const secret = new TextEncoder().encode('12345678901234567890');
const secretBuffer = Buffer.from(secret);
const PERIOD_MS = 30_000;
const fixedNow = 1_700_000_012_345;

/** Codes for a given time: current, previous step, and one that matches no step in the window. */
function codesAt(nowMs: number): Record<Task, string> {
  const current = totp(secret, nowMs);
  const previous = totp(secret, nowMs - PERIOD_MS);
  const taken = new Set([current, previous, totp(secret, nowMs + PERIOD_MS)]);
  let wrong = 0;
  while (taken.has(String(wrong).padStart(6, '0'))) wrong++;
  const wrongCode = String(wrong).padStart(6, '0');
  return {
    generate: current,
    'verify-current': current,
    'verify-previous': previous,
    'verify-wrong': wrongCode,
  };
}

const fixedCodes = codesAt(fixedNow);
const otpauthTOTP = new OTPAuth.TOTP({ secret: new OTPAuth.Secret({ buffer: secret.slice().buffer }) });

type Peer = { name: string; make: (task: Task) => Operation };

const PEERS: Peer[] = [
  {
    name: '@kakunin/otp',
    make: (task) => {
      if (task === 'generate') return () => totp(secret, fixedNow);
      const token = fixedCodes[task];
      return () => verifyTOTP(secret, token, fixedNow).ok;
    },
  },
  {
    name: 'otpauth',
    make: (task) => {
      if (task === 'generate') return () => otpauthTOTP.generate({ timestamp: fixedNow });
      const token = fixedCodes[task];
      return () => otpauthTOTP.validate({ token, timestamp: fixedNow, window: 1 }) !== null;
    },
  },
  {
    name: 'otplib',
    make: (task) => {
      const epoch = fixedNow / 1000;
      if (task === 'generate') return () => otplibGenerate({ secret, epoch });
      const token = fixedCodes[task];
      return () => otplibVerify({ secret, token, epoch, epochTolerance: 30 }).valid;
    },
  },
  {
    name: 'speakeasy',
    make: (task) => {
      const time = fixedNow / 1000;
      // A Buffer secret skips speakeasy's base32 decoding: its fastest input form.
      if (task === 'generate') return () => speakeasy.totp({ secret: secretBuffer as never, time });
      const token = fixedCodes[task];
      return () => speakeasy.totp.verify({ secret: secretBuffer as never, token, time, window: 1 });
    },
  },
  {
    name: '@oslojs/otp',
    // It reads Date.now() itself: the token follows the clock, refreshed when the step changes.
    make: (task) => {
      if (task === 'generate') return () => osloGenerate(secret, 30, 6);
      let step = -1;
      let token = '';
      return () => {
        const now = Date.now();
        if (Math.floor(now / PERIOD_MS) !== step) {
          step = Math.floor(now / PERIOD_MS);
          token = codesAt(now)[task];
        }
        return osloVerify(secret, 30, 6, token, 30);
      };
    },
  },
];

// The practical limit: one native HMAC-SHA1 of an 8-byte counter and nothing else.
const limit: Operation = () => createHmac('sha1', secret).update(new Uint8Array(8)).digest();

/** Checks that an operation gives the expected answer (before and after timing). */
function check(peer: Peer, task: Task, operation: Operation): void {
  const result = operation();
  const nowMs = peer.name === '@oslojs/otp' ? Date.now() : fixedNow;
  const expected = task === 'generate' ? codesAt(nowMs).generate : task !== 'verify-wrong';
  if (result !== expected)
    throw new Error(`${peer.name} ${task}: got ${String(result)}, not ${String(expected)}`);
}

const key = (peer: Peer, task: Task) => `${peer.name}|${task}`;
const operations = new Map<string, Operation>([['limit', limit]]);
for (const peer of PEERS) for (const task of TASKS) operations.set(key(peer, task), peer.make(task));
const checkAll = () => {
  for (const peer of PEERS) for (const task of TASKS) check(peer, task, operations.get(key(peer, task))!);
};

checkAll();
const best = bestOfRounds(operations);
checkAll();

const limitOps = best.get('limit')!;
const opsOf = (peer: Peer, task: Task) => best.get(key(peer, task))!;
const fastestPeer = (task: Task) => Math.max(...PEERS.slice(1).map((peer) => opsOf(peer, task)));
const ours = PEERS[0]!;

console.log(
  `@kakunin/otp benchmark — Node ${process.version}, ${process.platform}/${process.arch}; ` +
    'TOTP SHA-1, 6 digits, window ±1; ops per CPU-second, best of 5 interleaved rounds',
);
console.log(`limit: node:crypto createHmac('sha1') of 8 bytes = ${formatOps(limitOps).trim()} ops/s\n`);
console.log(
  `${'library'.padEnd(14)} ${'task'.padEnd(16)} ${'ops/s'.padStart(11)} ${'vs fastest peer'.padStart(16)} ${'vs limit'.padStart(9)}`,
);
for (const task of TASKS) {
  for (const peer of PEERS) {
    const ops = opsOf(peer, task);
    const vsPeer = formatRatio(ops / fastestPeer(task)).padStart(16);
    console.log(
      `${peer.name.padEnd(14)} ${task.padEnd(16)} ${formatOps(ops)} ${vsPeer} ${formatRatio(ops / limitOps).padStart(9)}`,
    );
  }
  console.log('');
}
const verifyRatio = opsOf(ours, 'verify-current') / fastestPeer('verify-current');
console.log(`target verify-current ≥ 1.20× fastest peer: ${formatRatio(verifyRatio).trim()}`);
console.log(
  `target generate ≥ 0.80× HMAC limit:         ${formatRatio(opsOf(ours, 'generate') / limitOps).trim()}`,
);
if (sinkValue() === 0.5) console.log('');
