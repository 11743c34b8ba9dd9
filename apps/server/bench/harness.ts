// What the service benchmarks share: a server in its own process that reports the CPU it spent
// serving, and one load generator (autocannon) with a request builder per request.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface BenchServer {
  url: string;
  /** Stops the server; resolves with the CPU milliseconds it used while serving. */
  stop: () => Promise<number>;
  /** The CPU milliseconds it has used so far while serving (the server keeps running). */
  cpu: () => Promise<number>;
}

/**
 * Starts `script` (TypeScript, run with tsx) in its own process. The script prints its address on
 * its first line and `cpu-ms N` when it receives SIGTERM. BENCH_PROFILE=DIR writes a V8 CPU profile
 * into DIR/label.
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  label = 'server',
): Promise<BenchServer> {
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE, label)}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, '--conditions=@kakunin/source', '--import', 'tsx', script],
    {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
    });
    child.once('exit', (code) => reject(new Error(`benchmark server ${script} exited with ${code}`)));
  });
  const cpuLines = () => [...out.matchAll(/cpu-ms ([\d.]+)/g)].map((match) => Number(match[1]));
  return {
    url,
    cpu: () =>
      new Promise((resolve, reject) => {
        const seen = cpuLines().length;
        // The child's pipe alone does not keep this process waiting for the answer.
        const timeout = setTimeout(() => reject(new Error(`no CPU report from ${script}`)), 30_000);
        const onData = () => {
          const lines = cpuLines();
          if (lines.length > seen) {
            clearTimeout(timeout);
            child.stdout.off('data', onData);
            resolve(lines[lines.length - 1] as number);
          }
        };
        child.stdout.on('data', onData);
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(cpuLines().at(-1) ?? Number.NaN));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Prints the process's CPU time spent since the call when SIGUSR2 arrives, and when SIGTERM arrives,
 * then runs `close`.
 */
export function reportCPUOnExit(close: () => Promise<unknown>): void {
  const started = process.cpuUsage();
  const report = () => {
    const used = process.cpuUsage(started);
    process.stdout.write(
      `cpu-ms ${(used.user + used.system) / 1000} user ${used.user / 1000} system ${used.system / 1000}\n`,
    );
  };
  process.on('SIGUSR2', report);
  process.on('SIGTERM', () => {
    report();
    close().then(() => process.exit(0));
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  total: number;
  /** Server CPU time per request, in microseconds. */
  cpuMicros: number;
}

export interface LoadOptions {
  server: BenchServer;
  path: string;
  /** Default POST. */
  method?: 'GET' | 'POST';
  connections: number;
  duration: number;
  /** Stop after this many requests instead (autocannon's `amount`). */
  amount?: number;
  /** Headers and body of the next request; called once per request. */
  next: () => { headers: Record<string, string>; body?: string };
  /** Stop the server afterwards (default true); the CPU of this load is measured either way. */
  stop?: boolean;
}

/** Runs one load against a started server and stops it. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = await options.server.cpu();
  const result = await autocannon({
    url: options.server.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
    requests: [
      {
        method: options.method ?? 'POST',
        path: options.path,
        setupRequest(request) {
          return { ...request, ...options.next() };
        },
      },
    ],
  });
  // Only what this load cost: a warm-up before it on the same server is not charged to it.
  const cpuMs =
    (options.stop === false ? await options.server.cpu() : await options.server.stop()) - cpuBefore;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
    cpuMicros: Math.round((cpuMs * 1000) / Math.max(1, result.requests.total)),
  };
}
