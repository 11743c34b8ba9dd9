import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real nginx and Caddy (Debian's packages) on loopback ports, configured with the very snippets the
 * documentation shows (docs/snippets/): only the example names and ports are replaced.
 */
const SNIPPETS = join(import.meta.dirname, '../../../../docs/snippets');

/** A free loopback port (the proxies cannot be given port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Running {
  port: number;
  stop(): Promise<void>;
}

/** The protected app: a notice board that shows the Remote-* headers it received (every copy). */
export async function startNoticeBoard(): Promise<Running> {
  const server: Server = createServer((request, response) => {
    const remote: [string, string][] = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i] ?? '';
      if (name.toLowerCase().startsWith('remote-'))
        remote.push([name.toLowerCase(), request.rawHeaders[i + 1] ?? '']);
    }
    const user = remote.filter(([name]) => name === 'remote-user').map(([, value]) => value);
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><html lang="en"><title>Notice board</title><h1>Notice board</h1>` +
        `<p>Signed in as <output id="remote-user">${escapeHTML(user.join(' | '))}</output></p>` +
        `<pre id="remote-headers">${escapeHTML(JSON.stringify(remote))}</pre>` +
        `<p id="path">${escapeHTML(request.url ?? '')}</p></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function escapeHTML(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface ProxyOptions {
  /** The protected app's host name (replaces app.example.com). */
  host: string;
  kakuninPort: number;
  appPort: number;
}

/** nginx with docs/snippets/nginx/*.conf (auth_request). */
export async function startNginx(options: ProxyOptions): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-nginx-'));
  const port = await freePort();
  const fill = (text: string) =>
    adapt(text, options)
      .replace('listen 80;', `listen 127.0.0.1:${port};`)
      .replaceAll('/etc/nginx/snippets/', `${dir}/`);
  for (const name of ['kakunin-authz.conf', 'kakunin-protect.conf', 'app.conf']) {
    writeFileSync(join(dir, name), fill(readFileSync(join(SNIPPETS, 'nginx', name), 'utf8')));
  }
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/app.conf;
}
`,
  );
  const child = spawn(
    'nginx',
    ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return running(child, port, dir, () => readFileSync(join(dir, 'error.log'), 'utf8'));
}

/** Caddy with docs/snippets/caddy/Caddyfile (forward_auth), plain http on a loopback port. */
export async function startCaddy(options: ProxyOptions): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'kakunin-caddy-'));
  const port = await freePort();
  const site = adapt(readFileSync(join(SNIPPETS, 'caddy', 'Caddyfile'), 'utf8'), options).replace(
    `${options.host} {`,
    `http://${options.host}:${port} {\n\tbind 127.0.0.1`,
  );
  const file = join(dir, 'Caddyfile');
  writeFileSync(file, `{\n\tadmin off\n\tauto_https off\n}\n${site}`);
  const child = spawn('caddy', ['run', '--config', file, '--adapter', 'caddyfile'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  return running(child, port, dir, () => log);
}

function adapt(text: string, options: ProxyOptions): string {
  return text
    .replaceAll('app.example.com', options.host)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${options.kakuninPort}`)
    .replaceAll('127.0.0.1:8080', `127.0.0.1:${options.appPort}`);
}

async function running(child: ChildProcess, port: number, dir: string, log: () => string): Promise<Running> {
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.stderr?.resume();
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const text = safely(log);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${child.spawnfile} did not start on port ${port}:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safely(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
