import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const INSTANCE = fileURLToPath(new URL('./instance.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a server process on the same database (see instance.ts) and waits for its address. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=@kakunin/source', '--import', 'tsx', INSTANCE], {
    cwd: SERVER_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n')[0];
      if (output.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}: ${errors}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * Runs src/main.ts like `npm start` runs dist/main.js, with only `env` (and PATH) set; resolves when it
 * exits, or stops it with SIGTERM once its output shows `until`.
 */
export function runServerMain(
  env: Record<string, string>,
  until?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@kakunin/source', '--import', 'tsx', 'src/main.ts'],
      { cwd: SERVER_DIR, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until && stdout.includes(until) && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A minimal fetch client with a cookie jar, for servers in other processes. */
export class HTTPClient {
  private cookie = '';

  constructor(private readonly base: string) {}

  async post(path: string, body: unknown): Promise<number> {
    const response = await fetch(this.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify(body),
    });
    const set = response.headers.getSetCookie().find((value) => value.startsWith('kakunin_session='));
    if (set) this.cookie = set.split(';')[0] ?? '';
    await response.arrayBuffer();
    return response.status;
  }
}
