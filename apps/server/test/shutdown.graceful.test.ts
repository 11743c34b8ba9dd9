import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Fault: an instance is stopped (a deploy, a scale-down) while requests are on their way. On SIGTERM
// the real server process (src/main.ts, as `npm start` runs it) stops accepting connections, finishes
// the request it is serving, answers a request arriving meanwhile on an open connection with the
// API's 503 UNAVAILABLE (so the caller retries elsewhere) and exits 0.

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_PASSWORD = 'shutdown test password 1';

/** Waits until `text` has appeared in what `read` returns. */
async function until(read: () => string, text: string | RegExp, ms = 30_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const seen = read();
    if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) return seen;
    if (Date.now() - start > ms) throw new Error(`no ${String(text)} after ${ms} ms in:\n${seen}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a new connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('stopping an instance with SIGTERM', () => {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the request in flight, answers a late one 503 UNAVAILABLE in the API format, stops accepting and exits 0', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kakunin-shutdown-'));
    const server = spawn(
      process.execPath,
      ['--conditions=@kakunin/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: SERVER_DIR,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          HOST: '127.0.0.1',
          KAKUNIN_DATA_DIR: dir,
          KAKUNIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
          // The request log tells when the service has taken the request in.
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = server;
    let stdout = '';
    let stderr = '';
    server.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    server.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = once(server, 'exit') as Promise<[number | null, string | null]>;
    const listening = await until(() => stdout, /listening on http:\/\/127\.0\.0\.1:(\d+)/, 90_000);
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(listening)?.[1]);

    // A sign-in whose headers have arrived and whose body is still on its way: in flight.
    const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
    const socket: Socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answers = '';
    socket.on('data', (chunk: Buffer) => {
      answers += chunk.toString();
    });
    socket.write(
      'POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    // Once the service has taken the request in (its headers are read), the instance is told to stop.
    await until(() => stdout, '"msg":"incoming request"');
    server.kill('SIGTERM');
    await until(() => stdout, 'SIGTERM: shutting down');
    let closed = false;
    for (let i = 0; i < 100 && !closed; i++) {
      closed = await refused(port);
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(closed, 'new connections are refused while stopping').toBe(true);
    expect(server.exitCode).toBeNull();

    // The rest of the sign-in, and right behind it on the same connection a request that arrives late.
    socket.write(body.slice(10));
    socket.write('GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n');
    await until(() => answers, /HTTP\/1\.1 503[\s\S]*\r\n\r\n[\s\S]*\}\s*$/);
    const [first, late] = answers.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(first).toMatch(/set-cookie: kakunin_session=/i);
    expect(late).toMatch(/^HTTP\/1\.1 503 /);
    expect(late).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(late).toMatch(/\r\nconnection: close\r\n/i);
    expect(late).toMatch(/\r\ncontent-type: application\/json/i);
    const error = JSON.parse(late?.split('\r\n\r\n')[1] ?? '{}') as { error?: { code?: string } };
    expect(error.error?.code).toBe('UNAVAILABLE');

    const [code] = await exited;
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
  }, 150_000);
});
