import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isCompressible } from './mime.js';

const gzipAsync = promisify(gzip);
/** Below this size gzip saves less than its own overhead. */
const MIN_GZIP_BYTES = 1024;
/** gzip output by file, valid while the file's ETag is unchanged (a build is a few MB at most). */
const gzipCache = new Map<string, { etag: string; bytes: Uint8Array }>();

/** Whether the client accepts gzip (`Accept-Encoding`, honouring `q=0`). */
export function acceptsGzip(acceptEncoding: string): boolean {
  return acceptEncoding.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/** A file's bytes as sent: gzip-compressed when that helps and the client accepts it. */
export async function readBody(
  path: string,
  etag: string,
  acceptEncoding: string,
): Promise<{ bytes: Uint8Array; encoding?: 'gzip' }> {
  if (!isCompressible(extname(path)) || !acceptsGzip(acceptEncoding)) return { bytes: await readFile(path) };
  const cached = gzipCache.get(path);
  if (cached?.etag === etag) return { bytes: cached.bytes, encoding: 'gzip' };
  const plain = await readFile(path);
  if (plain.length < MIN_GZIP_BYTES) return { bytes: plain };
  const bytes = await gzipAsync(plain);
  gzipCache.set(path, { etag, bytes });
  return { bytes, encoding: 'gzip' };
}
