import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Account } from '@kakunin/otp';
import { type Context, createContext } from '../src/context.js';
import { en } from '../src/i18n/en.js';
import { ja } from '../src/i18n/ja.js';
import { run } from '../src/run.js';

/** The repository root (tests spawn from there so the workspace packages resolve). */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The CLI bundled from its sources by test/global-setup.ts, started as the installed command starts. */
const MAIN = fileURLToPath(new URL('../.tmp/test-bundle/main.js', import.meta.url));

/** What a finished `kakunin` process left behind. */
export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run it: extra environment (merged over a clean one) and standard input. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /**
   * Keep the warning about a secret given as an argument in stderr. Tests of other behaviour pass
   * secrets as arguments for brevity; the warning itself is tested where this is set.
   */
  keepSecretWarning?: boolean;
}

/** The argument-secret warning in every language, each as the line it is printed on. */
const SECRET_WARNINGS = [en['add.secretInArguments'], ja['add.secretInArguments']].map((line) => `${line}\n`);

/** A clean environment: English, no colour preference, no inherited KAKUNIN_* settings. */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TERM: 'dumb' };
}

/** Runs the CLI built from its sources in a child process, exactly as a user would. */
export function kakunin(args: readonly string[], options: RunOptions = {}): Promise<Result> {
  const env = { ...baseEnv(options.env?.HOME ?? tmpdir()), ...options.env };
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd: REPO,
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (!options.keepSecretWarning)
        for (const warning of SECRET_WARNINGS) stderr = stderr.replace(warning, '');
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kakunin-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the CLI in this process with captured streams (fast; for parsing and usage errors). */
export async function runInProcess(
  args: readonly string[],
  env: Record<string, string> = { LANG: 'C' },
): Promise<Result & { ctx: Context }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdin.end();
  const chunks = { stdout: '', stderr: '' };
  stdout.setEncoding('utf8').on('data', (text: string) => (chunks.stdout += text));
  stderr.setEncoding('utf8').on('data', (text: string) => (chunks.stderr += text));
  const ctx = createContext({ stdin, stdout, stderr }, env);
  const code = await run(args, ctx);
  return { code, ...chunks, ctx };
}

/** The password of every fixture vault. */
export const PASSWORD = 'correct horse';

/** RFC 4226 / RFC 6238 test key "12345678901234567890" in Base32. @see RFC 4226 Appendix D */
export const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** Encrypted vault text holding the given accounts (made once per test file: scrypt is slow). */
export async function vaultText(accounts: readonly Partial<Account>[], password = PASSWORD): Promise<string> {
  const [{ createVault }, { createAccount, decodeBase32 }] = await Promise.all([
    import('@kakunin/vault'),
    import('@kakunin/otp'),
  ]);
  const vault = await createVault(password);
  for (const fields of accounts) vault.add(createAccount({ secret: decodeBase32(RFC_SECRET), ...fields }));
  return vault.serialize();
}

/** A running `kakunin` the test talks to while it runs. */
export interface Session {
  write(text: string): void;
  /** Everything written to stdout (and, in a pseudo-terminal, stderr) so far. */
  output(): string;
  /** Resolves once the output satisfies the predicate. */
  waitFor(predicate: (output: string) => boolean, timeoutMs?: number): Promise<void>;
  exit: Promise<number>;
}

const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

/** Whether util-linux `script` is available to give the CLI a pseudo-terminal. */
export const HAS_SCRIPT: boolean = existsSync('/usr/bin/script');

/**
 * Starts the CLI and keeps its stdin open. With `pty`, it runs inside a pseudo-terminal (util-linux
 * `script`), so it sees a real TTY: hidden prompts, raw keys, colour.
 */
export function interactive(args: readonly string[], options: RunOptions & { pty?: boolean } = {}): Session {
  const env = { ...baseEnv(options.env?.HOME ?? tmpdir()), TERM: 'xterm-256color', ...options.env };
  const command = [process.execPath, MAIN, ...args];
  const [file, argv] = options.pty
    ? ['script', ['-qec', `stty cols 100 rows 40; exec ${command.map(quote).join(' ')}`, '/dev/null']]
    : [command[0] ?? '', command.slice(1)];
  const child = spawn(file, argv, {
    cwd: REPO,
    env: Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    stdio: 'pipe',
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (text: string) => {
    output += text;
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const exit = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
  return {
    write: (text) => child.stdin.write(text),
    output: () => output,
    exit,
    waitFor: (predicate, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(output)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; output so far:\n${JSON.stringify(output)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

let copies = 0;

/** Writes vault text to a new file in `dir` (each test works on its own copy) and returns its path. */
export async function copyVault(dir: string, text: string): Promise<string> {
  const path = join(dir, `vault-${copies++}.json`);
  await writeFile(path, text);
  return path;
}

/** Accounts as `list --json` shows them, without the ids (which each vault assigns). */
export async function listAccounts(path: string, env: Record<string, string>): Promise<unknown[]> {
  const { stdout } = await kakunin(['list', '--json', '--vault', path], { env });
  return (JSON.parse(stdout) as { id: string }[]).map(({ id: _id, ...rest }) => rest);
}
