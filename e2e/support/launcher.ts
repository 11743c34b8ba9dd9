/**
 * Runs `node scripts/start.mjs` (what `npm start` runs after building) as a real process, on free
 * ports and a data directory of the test's choosing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Builds the service and the authenticator app when their build output is missing (a plain
 * `vitest run` on a fresh clone); `npm test` and `npm start` build before this runs.
 */
export function ensureBuilt(): void {
  const built = () =>
    existsSync(join(REPO_ROOT, 'apps/server/dist/index.js')) &&
    existsSync(join(REPO_ROOT, 'apps/authenticator/dist/index.html'));
  if (built()) return;
  const run = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout}\n${run.stderr}`);
  if (!built()) throw new Error('npm run build left no apps/server/dist or apps/authenticator/dist');
}

/** A running (or finished) launcher process and what it printed. */
export interface Launched {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts the launcher with `env` added to this process's environment. */
export function launch(env: Record<string, string>): Launched {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, output: () => text, exited };
}

/** Waits until the launcher printed `marker` (resolves) or ended (rejects with what it printed). */
export async function waitForOutput(launched: Launched, marker: string | RegExp, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const found = () =>
    typeof marker === 'string' ? launched.output().includes(marker) : marker.test(launched.output());
  while (!found()) {
    if (launched.child.exitCode !== null || launched.child.signalCode !== null) {
      throw new Error(`the launcher ended before printing ${String(marker)}:\n${launched.output()}`);
    }
    if (Date.now() > deadline)
      throw new Error(`no ${String(marker)} after ${timeoutMs} ms:\n${launched.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What a started launcher announced. */
export interface Announced {
  serviceURL: string;
  appURL: string;
  /** The administrator's password when this start created it. */
  adminPassword: string | undefined;
}

/** Starts the launcher and waits for its "running" announcement. */
export async function startKakunin(env: Record<string, string>): Promise<Launched & Announced> {
  const launched = launch(env);
  await waitForOutput(launched, /Ctrl-C/);
  const text = launched.output();
  const serviceURL = /(http:\/\/\S+)/.exec(text.slice(text.indexOf('Sign-in service')))?.[1];
  const appURL = /(http:\/\/\S+)/.exec(text.slice(text.indexOf('Authenticator app')))?.[1];
  if (!serviceURL || !appURL) throw new Error(`no addresses in the launcher's output:\n${text}`);
  const adminPassword = /user "admin", password (\S+)/.exec(text)?.[1];
  return { ...launched, serviceURL, appURL, adminPassword };
}

/** Sends a signal (Ctrl-C is SIGINT) and resolves with the exit code. */
export async function stopKakunin(launched: Launched, signal: NodeJS.Signals = 'SIGINT') {
  if (launched.child.exitCode === null && launched.child.signalCode === null) launched.child.kill(signal);
  return launched.exited;
}
