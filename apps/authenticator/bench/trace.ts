/**
 * Where the code list's heavy seconds come from: a DevTools trace of the list with 1 and with 1,000
 * accounts, on the page and in the state the tick benchmark (bench.ts) measures, and each second
 * whose main-thread work stands out put down to its cause. Run from the repository root:
 *
 *   node --conditions=@kakunin/source --import tsx apps/authenticator/bench/trace.ts
 *
 * BENCH_TRACE_SECONDS (default 125) is the length of each trace; BENCH_APP_DIR measures another copy
 * of the app. The traces are kept in apps/authenticator/.tmp/trace-<accounts>.json for DevTools'
 * Performance panel.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, HEADLESS_ARGS } from '@kakunin/test-support';
import { chromium } from 'playwright-core';
import { startAuthenticatorServer } from '../serve/server.js';
import { jsShipped } from './js-shipped.js';
import { PASSWORD, restore, vaultFile } from './vault-page.js';

const APP_DIR = process.env.BENCH_APP_DIR ?? fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(APP_DIR, '.tmp', 'bench-dist');
const SECONDS = Number(process.env.BENCH_TRACE_SECONDS ?? 125);
/** A second with more main-thread work than this is listed with its cause. */
const HEAVY_MS = 3;
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.invalidationTracking',
  'toplevel',
  'v8',
  'disabled-by-default-v8.gc',
  'cppgc',
  'blink',
  'cc',
];

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown> & { data?: Record<string, unknown>; name?: string };
}

/** ms of an event. */
const ms = (e: TraceEvent): number => (e.dur ?? 0) / 1000;
const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** What a main-thread task was busy with: the first of these kinds found among its events. */
function cause(task: TraceEvent, inside: TraceEvent[]): string {
  const names = new Set(inside.map((e) => e.name));
  if ([...names].some((n) => n.startsWith('V8.GC') || n.startsWith('CppGC') || n.endsWith('GC')))
    return 'garbage collection';
  if (names.has('ProxyMain::BeginMainFrame')) return 'frame';
  if (names.has('TimerFire')) return 'timer';
  // Tasks with no events of their own: named by where they were posted from.
  const from = [task, ...inside]
    .map((e) => (e.args as { src_file?: string } | undefined)?.src_file)
    .find((file) => file !== undefined);
  if (from?.includes('partition_alloc')) return 'allocator reclaim';
  return from ? `other (${from.split('/').at(-1)})` : 'other';
}

function analyse(events: TraceEvent[]): string[] {
  const threadNames = new Map(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => [`${e.pid}:${e.tid}`, e.args?.name]),
  );
  const onMain = events.filter(
    (e) => threadNames.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.ph === 'X' && e.dur !== undefined,
  );
  const counts = new Map<string, number>();
  for (const e of onMain) counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const xs = onMain.filter((e) => `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
  const tasks: TraceEvent[] = [];
  let end = -1;
  for (const e of xs) {
    if (!TASK.has(e.name) || e.ts < end) continue;
    tasks.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  const start = tasks[0]?.ts ?? 0;
  const perSecond = Array.from({ length: SECONDS }, () => 0);
  const causes = Array.from({ length: SECONDS }, () => new Map<string, number>());
  const details = Array.from({ length: SECONDS }, () => [] as string[]);
  let i = 0;
  for (const task of tasks) {
    const second = Math.floor((task.ts - start) / 1e6);
    if (second >= SECONDS) break;
    const taskEnd = task.ts + (task.dur ?? 0);
    while (i < xs.length && xs[i]!.ts < task.ts) i++;
    const inside: TraceEvent[] = [];
    for (let j = i; j < xs.length && xs[j]!.ts < taskEnd; j++) if (xs[j] !== task) inside.push(xs[j]!);
    perSecond[second]! += ms(task);
    const kind = cause(task, inside);
    causes[second]!.set(kind, (causes[second]!.get(kind) ?? 0) + ms(task));
    for (const e of inside) {
      if (e.name === 'UpdateLayoutTree')
        details[second]!.push(
          `${(e.args as { elementCount?: number }).elementCount ?? '?'} elements restyled`,
        );
      if (e.name === 'Commit') details[second]!.push(`commit ${ms(e).toFixed(1)} ms`);
    }
  }
  const reasons = new Map<string, number>();
  for (const e of events) {
    if (e.name !== 'StyleRecalcInvalidationTracking') continue;
    const data = e.args?.data as { reason?: string; nodeName?: string } | undefined;
    const key = `${data?.reason ?? '?'} on ${data?.nodeName ?? '?'}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  const sorted = [...perSecond].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  const lines = [
    `main-thread ms per second over ${SECONDS} s: median ${at(0.5).toFixed(2)}, p95 ${at(0.95).toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)}`,
  ];
  perSecond.forEach((total, second) => {
    if (total <= HEAVY_MS) return;
    const parts = [...causes[second]!]
      .filter(([, v]) => v >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toFixed(1)}`);
    const extra = details[second]!.length > 0 ? ` [${[...new Set(details[second])].join(', ')}]` : '';
    lines.push(`  second ${second}: ${total.toFixed(1)} ms — ${parts.join(', ')}${extra}`);
  });
  lines.push(
    `  restyles by reason (all seconds): ${[...reasons].map(([k, v]) => `${k} ×${v}`).join('; ') || 'none'}`,
  );
  return lines;
}

await jsShipped(APP_DIR, OUT_DIR);
const app = await startAuthenticatorServer({ port: 0, root: OUT_DIR });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...HEADLESS_ARGS] });
try {
  for (const count of [1, 1000]) {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    await restore(page, app.url, await vaultFile(count));
    // As the tick benchmark does: five unlocks, then 3 s on the list before measuring.
    for (let run = 0; run < 5; run++) {
      await page.reload();
      await page.getByLabel('Vault password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.locator('li.account .code').first().waitFor();
    }
    await new Promise((r) => setTimeout(r, 3000));
    await browser.startTracing(page, { categories: CATEGORIES });
    await new Promise((r) => setTimeout(r, SECONDS * 1000 + 500));
    const trace = await browser.stopTracing();
    await writeFile(join(APP_DIR, '.tmp', `trace-${count}.json`), trace);
    const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
    console.log(`${count} account(s):`);
    for (const line of analyse(traceEvents)) console.log(line);
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
}
