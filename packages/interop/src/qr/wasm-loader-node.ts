import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** Node: the reader's .wasm comes from the installed zxing-wasm package, never from a CDN. */
export async function defaultWasmBinary(): Promise<ArrayBuffer> {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = await readFile(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Node: sql.js's .wasm comes from the installed sql.js package. */
export async function defaultSQLiteWasm(): Promise<ArrayBuffer> {
  const path = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  const bytes = await readFile(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
