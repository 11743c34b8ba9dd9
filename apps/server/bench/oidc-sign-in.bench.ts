// Benchmark of a whole OpenID Connect sign-in through Kakunin: authorize → sign-in page → password
// (a real argon2id check) → interaction → code → token → userinfo, each iteration a different user
// with its own cookie jar, next to bare argon2id verifications with the same parameters in the same
// run. The service runs in its own process (oidc-server.ts); this process is the browsers and the app
// (openid-client), so the client's work is not charged to the server.
// A third phase is the floor: the same client making the same round trips to a bare fastify server
// whose only work is one argon2id verification (oidc-floor-server.ts) — what any service could reach
// on this machine with this HTTP stack.
// Usage: npm run bench:oidc -w apps/server   (BENCH_USERS, BENCH_CONNECTIONS, BENCH_WARMUP adjust the
// run; BENCH_PROFILE=DIR writes the server's CPU profile there; BENCH_STEP_CPU=1 with BENCH_CONNECTIONS=1
// also reads the server's CPU time between the steps of each sign-in)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as client from 'openid-client';
import { hashPassword, verifyPassword } from '../src/crypto/password.js';
import { Browser, REDIRECT_URI, startCodeFlow } from '../test/support/oidc.js';
import { startServer } from './harness.js';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 4);
const PASSWORD = 'correct horse battery';
const STEP_CPU = process.env.BENCH_STEP_CPU === '1';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const SERVER = fileURLToPath(new URL('./oidc-server.ts', import.meta.url));
const FLOOR_SERVER = fileURLToPath(new URL('./oidc-floor-server.ts', import.meta.url));

/** A browser that counts its requests. */
class CountingBrowser extends Browser {
  static requests = 0;
  override request(url: string, init?: RequestInit): Promise<Response> {
    CountingBrowser.requests++;
    return super.request(url, init);
  }
}

/** The sign-in form of the page a browser was sent to, filled in and posted (the page read once). */
async function submitPassword(browser: Browser, page: { url: string; response: Response }, username: string) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.response.text())?.[1];
  if (!csrf) throw new Error(`no sign-in form at ${page.url}`);
  return browser.follow(new URL('/sign-in', page.url).href, REDIRECT_URI, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }).toString(),
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function pool<T>(
  items: T[],
  work: (item: T) => Promise<number>,
): Promise<{ rate: number; p99: number; cpuMs: number }> {
  const times: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
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
  const used = process.cpuUsage(cpu);
  return {
    rate: items.length / seconds,
    p99: percentile(times, 99),
    cpuMs: (used.user + used.system) / 1000,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kakunin-bench-oidc-'));
const appFile = join(dir, 'app.json');
const server = await startServer(
  SERVER,
  { BENCH_USERS: String(USERS + WARMUP), BENCH_PASSWORD: PASSWORD, BENCH_APP_FILE: appFile },
  'oidc-server',
);
const names = Array.from({ length: USERS }, (_, i) => `user${i + WARMUP}`);
const warmupNames = Array.from({ length: WARMUP }, (_, i) => `user${i}`);
/** The server's CPU milliseconds so far, when the steps are measured one by one (else 0). */
const stepCPU = () => (STEP_CPU ? server.cpu() : Promise.resolve(0));
const stepsCPU = { authorize: 0, password: 0, token: 0, userinfo: 0 };
const phases = { authorize: 0, password: 0, token: 0, userinfo: 0 };
let oidc: Awaited<ReturnType<typeof pool>>;
let serverCPU: number;
try {
  const app = JSON.parse(readFileSync(appFile, 'utf8')) as { clientId: string; clientSecret: string };
  const config = await client.discovery(
    new URL(server.url),
    app.clientId,
    app.clientSecret,
    client.ClientSecretBasic(app.clientSecret),
    { execute: [client.allowInsecureRequests] },
  );
  const signIn = async (username: string) => {
    const t0 = performance.now();
    const flow = await startCodeFlow(config);
    const browser = new CountingBrowser();
    const c0 = await stepCPU();
    const page = await browser.follow(flow.url, REDIRECT_URI);
    const c1 = await stepCPU();
    const t1 = performance.now();
    const back = await submitPassword(browser, page, username);
    const c2 = await stepCPU();
    const t2 = performance.now();
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const c3 = await stepCPU();
    const t3 = performance.now();
    await client.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub as string);
    const c4 = await stepCPU();
    const t4 = performance.now();
    stepsCPU.authorize += c1 - c0;
    stepsCPU.password += c2 - c1;
    stepsCPU.token += c3 - c2;
    stepsCPU.userinfo += c4 - c3;
    phases.authorize += t1 - t0;
    phases.password += t2 - t1;
    phases.token += t3 - t2;
    phases.userinfo += t4 - t3;
    return t4 - t0;
  };
  // Warm-up sign-ins (other users), so that the figures are of a running service, not of its JIT.
  await pool(warmupNames, signIn);
  for (const key of Object.keys(phases) as (keyof typeof phases)[]) {
    phases[key] = 0;
    stepsCPU[key] = 0;
  }
  CountingBrowser.requests = 0;
  const cpuBefore = await server.cpu();
  oidc = await pool(names, signIn);
  serverCPU = (await server.cpu()) - cpuBefore;
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

// Browser requests per sign-in, plus the app's token and userinfo requests.
const browserRequests = CountingBrowser.requests / USERS;

// The floor: the same round trips to a bare server whose only work is the verification.
const floorServer = await startServer(FLOOR_SERVER, { BENCH_PASSWORD: PASSWORD }, 'oidc-floor-server');
let floor: Awaited<ReturnType<typeof pool>>;
let floorCPU: number;
try {
  const hops = Math.max(0, Math.round(browserRequests) - 2);
  const floorSignIn = async () => {
    const t0 = performance.now();
    const browser = new Browser();
    const page = await browser.follow(`${floorServer.url}/hop/${hops}`, 'http://127.0.0.1:1/');
    await page.response.text();
    const done = await browser.request(`${floorServer.url}/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: 'x', username: 'user', password: PASSWORD }).toString(),
    });
    if (done.status !== 303) throw new Error(`the floor server refused the password (${done.status})`);
    const token = await fetch(`${floorServer.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic eDp5' },
      body: 'grant_type=authorization_code&code=c&redirect_uri=r&code_verifier=v',
    });
    await token.json();
    await (await fetch(`${floorServer.url}/userinfo`, { headers: { authorization: 'Bearer a' } })).json();
    return performance.now() - t0;
  };
  await pool(warmupNames, floorSignIn);
  const before = await floorServer.cpu();
  floor = await pool(names, floorSignIn);
  floorCPU = (await floorServer.cpu()) - before;
} finally {
  await floorServer.stop();
}

// The same verifications alone, at the same concurrency, while the servers are gone.
const hashes = await Promise.all(names.slice(0, 8).map(() => hashPassword(PASSWORD)));
const bare = await pool(names, async () => {
  const t0 = performance.now();
  await verifyPassword(hashes[Math.floor(Math.random() * hashes.length)] as string, PASSWORD);
  return performance.now() - t0;
});

const total = Object.values(phases).reduce((a, b) => a + b, 0);
const share = (ms: number) => `${((100 * ms) / total).toFixed(0)} %`;
const perSignIn = (ms: number) => `${(ms / USERS).toFixed(1)} ms`;
console.log(
  `OpenID Connect sign-in, ${USERS} users, ${CONCURRENCY} at a time, SQLite, server in its own process; ` +
    `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
);
console.log('| measure | per second | p99 | CPU per sign-in or verification |');
console.log('|---|---:|---:|---:|');
console.log(
  `| whole sign-in (authorize → password → code → token → userinfo) | ${oidc.rate.toFixed(1)} | ${oidc.p99.toFixed(0)} ms | server ${perSignIn(serverCPU)}, client ${perSignIn(oidc.cpuMs)} |`,
);
console.log(
  `| bare argon2id verification, same parameters | ${bare.rate.toFixed(1)} | ${bare.p99.toFixed(0)} ms | ${perSignIn(bare.cpuMs)} |`,
);
console.log(
  `| floor: the same ${Math.round(browserRequests) + 2} round trips to a bare fastify server, one argon2id verification | ${floor.rate.toFixed(1)} | ${floor.p99.toFixed(0)} ms | server ${perSignIn(floorCPU)}, client ${perSignIn(floor.cpuMs)} |`,
);
console.log(
  `ratio ${(oidc.rate / bare.rate).toFixed(2)}× (floor ${(floor.rate / bare.rate).toFixed(2)}×; requests per sign-in: ${browserRequests.toFixed(1)} from the browser, 2 from the app)`,
);
console.log(
  `server CPU per sign-in ${perSignIn(serverCPU)}, of which argon2id about ${perSignIn(bare.cpuMs)} (one verification) and the rest ${perSignIn(serverCPU - bare.cpuMs)}`,
);
console.log(
  `wall time: authorize + sign-in page ${share(phases.authorize)}, password step (argon2id, interaction, code) ${share(phases.password)}, token ${share(phases.token)}, userinfo ${share(phases.userinfo)}`,
);
if (STEP_CPU) {
  console.log(
    `server CPU per step (the CPU reads included): authorize + sign-in page ${perSignIn(stepsCPU.authorize)}, password step ${perSignIn(stepsCPU.password)}, token ${perSignIn(stepsCPU.token)}, userinfo ${perSignIn(stepsCPU.userinfo)}`,
  );
}
