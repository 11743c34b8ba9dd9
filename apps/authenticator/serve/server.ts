/**
 * The production static server for the built authenticator app (apps/authenticator/dist): correct
 * content types (the decoder's .wasm included), the app's CSP and hardening headers, caching that
 * lets the service worker update, a fallback to index.html for the app's own paths, and nothing
 * outside the build folder.
 */
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBody } from './body.js';
import { cacheControl, readCSP, securityHeaders } from './headers.js';
import { contentType } from './mime.js';

/** Where and what to serve. */
export interface AuthenticatorServerOptions {
  /** TCP port; 0 picks a free one. Default 3001. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** The built app folder. Default apps/authenticator/dist. */
  root?: string;
  /** The Content-Security-Policy; default read from apps/authenticator/csp.json. */
  csp?: string;
  /**
   * The address people use (e.g. `https://app.example.com` behind a TLS proxy); an https address
   * turns on Strict-Transport-Security. Default: this server's own http address.
   */
  publicURL?: string | undefined;
}

/** A running server: its address and how to stop it. */
export interface AuthenticatorServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const APP_DIR = new URL('../', import.meta.url);

interface Found {
  path: string;
  relative: string;
  size: number;
  mtimeMs: number;
}

/** Splits a request path into safe segments; undefined for traversal, dotfiles or bad escapes. */
export function safeSegments(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '') continue;
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** Finds the regular file for `segments` inside `root` (a directory means its index.html). */
async function findFile(root: string, segments: readonly string[]): Promise<Found | undefined> {
  let path = join(root, ...segments);
  try {
    let info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = await stat(path);
    }
    // Symbolic links may point anywhere: serve only what really lies inside the build folder.
    const real = await realpath(path);
    if (!info.isFile() || !real.startsWith(root + sep)) return undefined;
    return {
      path: real,
      relative: real
        .slice(root.length + 1)
        .split(sep)
        .join('/'),
      ...info,
    };
  } catch {
    return undefined;
  }
}

/** A navigation to one of the app's own paths (no file extension, or asking for HTML). */
function isPageRequest(req: IncomingMessage, segments: readonly string[]): boolean {
  const last = segments.at(-1) ?? '';
  return extname(last) === '' || (req.headers.accept ?? '').includes('text/html');
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: Found): Promise<void> {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': contentType(extname(file.path)),
    'Cache-Control': cacheControl(file.relative),
    ETag: etag,
    'Last-Modified': new Date(file.mtimeMs).toUTCString(),
    Vary: 'Accept-Encoding',
  };
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const body = await readBody(file.path, etag, req.headers['accept-encoding'] ?? '');
  if (body.encoding) headers['Content-Encoding'] = body.encoding;
  headers['Content-Length'] = String(body.bytes.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body.bytes);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  headers: Record<string, string>,
): Promise<void> {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed: this server only serves files (GET, HEAD).\n', {
      Allow: 'GET, HEAD',
    });
    return;
  }
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    sendText(res, 400, 'Bad request path.\n');
    return;
  }
  const segments = safeSegments(pathname);
  if (!segments) {
    sendText(res, 404, 'Not found.\n');
    return;
  }
  const file =
    (await findFile(root, segments)) ??
    (isPageRequest(req, segments) ? await findFile(root, ['index.html']) : undefined);
  if (!file) {
    sendText(res, 404, 'Not found.\n');
    return;
  }
  await sendFile(req, res, file);
}

/** Starts serving the built authenticator app; resolves once it listens. */
export async function startAuthenticatorServer(
  options: AuthenticatorServerOptions = {},
): Promise<AuthenticatorServer> {
  const rootOption = options.root ?? fileURLToPath(new URL('dist', APP_DIR));
  let root: string;
  try {
    root = await realpath(rootOption);
    await stat(join(root, 'index.html'));
  } catch {
    throw new Error(
      `The authenticator app is not built (no ${join(rootOption, 'index.html')}): run npm run build first.`,
    );
  }
  const csp = options.csp ?? (await readCSP(new URL('csp.json', APP_DIR)));
  const https = options.publicURL?.toLowerCase().startsWith('https://') ?? false;
  const headers = securityHeaders(csp, https);
  const server = createServer((req, res) => {
    handle(req, res, root, headers).catch((error: unknown) => {
      console.error('authenticator server:', error instanceof Error ? error.message : error);
      if (!res.headersSent) sendText(res, 500, 'Internal error while reading the file.\n');
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3001, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const loopbackOrAny = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(host);
  const shownHost = loopbackOrAny ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
