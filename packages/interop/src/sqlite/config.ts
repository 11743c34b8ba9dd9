/**
 * Where sql.js (SQLite compiled to WebAssembly) finds its .wasm: always supplied by the app, never fetched
 * from a CDN. Node reads it from the installed package by default; a browser app configures it.
 */

export interface SQLiteConfig {
  /** The bytes of sql.js's .wasm file. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Returns the URL of the .wasm (e.g. a Vite `?url` import of sql.js/dist/sql-wasm-browser.wasm). */
  locateFile?: (file: string) => string;
}

export let sqliteConfig: SQLiteConfig = {};
export let sqliteGeneration = 0;

/** Tell the SQLite reader where its WebAssembly comes from; call before importing a database in a browser. */
export function configureSQLite(config: SQLiteConfig): void {
  if (config.wasmBinary === undefined && config.locateFile === undefined)
    throw new TypeError('wasmBinary or locateFile is required');
  sqliteConfig = config;
  sqliteGeneration += 1;
}
