import { NotConfiguredError } from '../not-configured.js';

/**
 * Browsers: there is no default location, because fetching from a CDN is not allowed. The app calls
 * configureQRDecoder({ locateFile }) with the URL of the bundled zxing_reader.wasm first.
 */
export function defaultWasmBinary(): Promise<ArrayBuffer> {
  return Promise.reject(
    new NotConfiguredError(
      'qr',
      'QR decoder not configured: call configureQRDecoder({ locateFile }) with the URL of zxing-wasm/reader/zxing_reader.wasm',
    ),
  );
}

/**
 * Browsers: the app calls configureSQLite({ locateFile }) with the URL of the sql-wasm-browser.wasm it
 * bundles, before another app's SQLite database is imported.
 */
export function defaultSQLiteWasm(): Promise<ArrayBuffer> {
  return Promise.reject(
    new NotConfiguredError(
      'sqlite',
      'SQLite reader not configured: call configureSQLite({ locateFile }) with the URL of sql.js/dist/sql-wasm-browser.wasm',
    ),
  );
}
