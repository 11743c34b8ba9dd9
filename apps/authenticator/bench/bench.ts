/**
 * Browser benchmarks of the authenticator (figures for docs/benchmarks.md; nothing here fails on a
 * slow figure). Run from the repository root:
 *
 *   node --conditions=@kakunin/source --import tsx apps/authenticator/bench/bench.ts
 *
 * 1. JS shipped: gzip -9 of every .js in the production build, .wasm excluded, per chunk; also what
 *    loads before the first code (the entry chunk, its static imports and the language's catalogue).
 * 2. Unlock → first code on screen, with 1 and with 1,000 accounts (password slot scrypt included).
 * 3. Main-thread time per one-second tick with 1 and with 1,000 accounts (Chrome DevTools
 *    Performance metrics, TaskDuration sampled once a second for 35 s (BENCH_TICK_SECONDS), so a 30 s code rollover is
 *    included; the 1-account figure is the page's baseline, measurement polling included).
 * 4. Camera frame → decoded account: a fake 640×480 camera showing an otpauth QR code, each frame
 *    drawn, read, decoded with the bundled WASM and interpreted, as the scanner does.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount, formatKeyURI } from '@kakunin/otp';
import { chromiumPath, HEADLESS_ARGS, writeQRVideo } from '@kakunin/test-support';
import { chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { startAuthenticatorServer } from '../serve/server.js';
import { chunkTable, jsShipped } from './js-shipped.js';
import { PASSWORD, restore, vaultFile } from './vault-page.js';

// BENCH_APP_DIR measures another copy of the app (an earlier version) with the same harness.
const APP_DIR = process.env.BENCH_APP_DIR ?? fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(APP_DIR, '.tmp', 'bench-dist');
const executablePath = chromiumPath();
// BENCH_TICK_SECONDS samples the tick for longer than the default 35 s (a steadier p95).
const TICK_SECONDS = Number(process.env.BENCH_TICK_SECONDS ?? 35);

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? Number.NaN;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** ms from pressing Unlock to a code's digits on screen. */
async function unlockToCode(page: Page, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.reload();
    await page.getByLabel('Vault password').fill(PASSWORD);
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    await page.evaluate(`window.__firstCode = new Promise((resolve) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Unlock');
      button.addEventListener('click', () => {
        const start = performance.now();
        const check = () => {
          const code = document.querySelector('li.account .code');
          if (code && /\\d/.test(code.textContent)) resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        check();
      });
    }); 0`);
    await page.getByRole('button', { name: 'Unlock' }).click();
    times.push(
      await page.evaluate(() => (window as unknown as { __firstCode: Promise<number> }).__firstCode),
    );
  }
  return times;
}

/** Main-thread ms per second while the list ticks, and the average split by kind of work. */
async function tickCost(page: Page, seconds: number): Promise<{ perSecond: number[]; split: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const kinds = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'] as const;
  const read = async (): Promise<Record<string, number>> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(kinds.map((k) => [k, (metrics.find((m) => m.name === k)?.value ?? 0) * 1000]));
  };
  const first = await read();
  const perSecond: number[] = [];
  let last = first;
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await read();
    perSecond.push(now.TaskDuration! - last.TaskDuration!);
    last = now;
  }
  const split = kinds
    .slice(1)
    .map((k) => `${k.replace('Duration', '')} ${((last[k]! - first[k]!) / seconds).toFixed(2)}`)
    .join(', ');
  return { perSecond, split };
}

async function cameraFrames(): Promise<{ ms: number[]; kind: string; width: number; height: number }> {
  const video = join(tmpdir(), `kakunin-bench-${process.pid}.y4m`);
  const account = createAccount({
    secret: new Uint8Array(20).fill(7),
    issuer: 'Bench',
    name: 'frame@example.com',
  });
  await writeQRVideo(video, formatKeyURI(account));
  const server = await createServer({
    root: APP_DIR,
    logLevel: 'warn',
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...HEADLESS_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/frame.html`);
    await page.waitForFunction(() => typeof window.benchFrames === 'function', undefined, {
      timeout: 60_000,
    });
    return await page.evaluate(() => window.benchFrames(40));
  } finally {
    await browser.close();
    await server.close();
    await rm(video, { force: true });
  }
}

const shipped = await jsShipped(APP_DIR, OUT_DIR);
console.log(chunkTable(shipped));
console.log(
  `JS shipped (gzip -9, no .wasm): total ${kb(shipped.total)}, before first code ${kb(shipped.initial.en)} (English), ${kb(shipped.initial.ja)} (Japanese), service worker ${kb(shipped.worker)}`,
);

const app = await startAuthenticatorServer({ port: 0, root: OUT_DIR });
const browser = await chromium.launch({ executablePath, args: [...HEADLESS_ARGS] });
try {
  for (const count of [1, 1000]) {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    page.on('crash', () => console.error(`page crashed (${count} accounts)`));
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await restore(page, app.url, await vaultFile(count));
    const times = await unlockToCode(page, 5);
    console.log(
      `unlock → first code, ${count} account(s): median ${median(times).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
    {
      await page.locator('li.account .code').first().waitFor();
      await new Promise((r) => setTimeout(r, 3000));
      const { perSecond, split } = await tickCost(page, TICK_SECONDS);
      console.log(
        `${count} account(s), main-thread ms per 1 s tick: median ${median(perSecond).toFixed(2)}, p95 ${percentile(perSecond, 0.95).toFixed(2)}, max ${Math.max(...perSecond).toFixed(2)} (mean ms/s: ${split})`,
      );
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
}

const camera = await cameraFrames();
console.log(
  `camera frame → decoded account (${camera.width}×${camera.height}, ${camera.kind}): median ${median(camera.ms).toFixed(1)} ms, p95 ${percentile(camera.ms, 0.95).toFixed(1)} ms over ${camera.ms.length} frames`,
);
await writeFile(
  join(APP_DIR, '.tmp', 'bench-result.json'),
  JSON.stringify({ shipped, camera: camera.ms }, null, 2),
);
