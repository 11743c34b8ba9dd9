// Benchmark of a whole OpenID Connect sign-in through Kakunin: authorize → sign-in page → password
// (a real argon2id check) → interaction → code → token → userinfo, each iteration a different user
// with its own cookie jar, next to bare argon2id verifications with the same parameters in the same
// run. Usage: npm run bench:oidc -w apps/server   (BENCH_USERS, BENCH_CONNECTIONS adjust the run)
import { performance } from 'node:perf_hooks';
import * as client from 'openid-client';
import { hashPassword, verifyPassword } from '../src/crypto/password.js';
import { createUser } from '../src/services/users.js';
import {
  Browser,
  listeningService,
  REDIRECT_URI,
  registerApp,
  relyingParty,
  signInWithPassword,
  startCodeFlow,
} from '../test/support/oidc.js';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PASSWORD = 'correct horse battery';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function pool<T>(
  items: T[],
  work: (item: T) => Promise<number>,
): Promise<{ rate: number; p99: number }> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        times.push(await work(item));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: items.length / seconds, p99: percentile(times, 99) };
}

const service = await listeningService('sqlite', { requestsPerMinute: false });
try {
  const names = Array.from({ length: USERS }, (_, i) => `user${i}`);
  for (const username of names) {
    await createUser(service.ctx, { username, password: PASSWORD }, { username: 'bench', ip: null });
  }
  const app = await registerApp(service);
  const config = await relyingParty(service, app);
  const phases = { authorize: 0, password: 0, token: 0, userinfo: 0 };

  const oidc = await pool(names, async (username) => {
    const t0 = performance.now();
    const flow = await startCodeFlow(config);
    const browser = new Browser();
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    const t1 = performance.now();
    const back = await signInWithPassword(browser, signIn.url, username, REDIRECT_URI);
    const t2 = performance.now();
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const t3 = performance.now();
    await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string);
    const t4 = performance.now();
    phases.authorize += t1 - t0;
    phases.password += t2 - t1;
    phases.token += t3 - t2;
    phases.userinfo += t4 - t3;
    return t4 - t0;
  });

  const hashes = await Promise.all(names.slice(0, 8).map(() => hashPassword(PASSWORD)));
  const bare = await pool(names, async () => {
    const t0 = performance.now();
    await verifyPassword(hashes[Math.floor(Math.random() * hashes.length)] as string, PASSWORD);
    return performance.now() - t0;
  });

  const total = Object.values(phases).reduce((a, b) => a + b, 0);
  const share = (ms: number) => `${((100 * ms) / total).toFixed(0)} %`;
  console.log(`OpenID Connect sign-in, ${USERS} users, ${CONCURRENCY} at a time, SQLite, one process`);
  console.log(`| measure | per second | p99 |`);
  console.log(`|---|---:|---:|`);
  console.log(
    `| whole sign-in (authorize → password → code → token → userinfo) | ${oidc.rate.toFixed(1)} | ${oidc.p99.toFixed(0)} ms |`,
  );
  console.log(
    `| bare argon2id verification, same parameters | ${bare.rate.toFixed(1)} | ${bare.p99.toFixed(0)} ms |`,
  );
  console.log(
    `ratio ${(oidc.rate / bare.rate).toFixed(2)}× ; time: authorize + sign-in page ${share(phases.authorize)}, password step (argon2id, interaction, code) ${share(phases.password)}, token ${share(phases.token)}, userinfo ${share(phases.userinfo)}`,
  );
} finally {
  await service.close();
}
