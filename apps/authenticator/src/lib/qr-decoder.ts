import sqliteWasmURL from 'sql.js/dist/sql-wasm-browser.wasm?url';
import wasmURL from 'zxing-wasm/reader/zxing_reader.wasm?url';

let configured = false;

/**
 * Loads @kakunin/interop with its QR decoder pointed at the .wasm bundled with the app (same
 * origin, precached by the service worker), never the CDN zxing-wasm would use by default.
 */
export async function loadInterop(): Promise<typeof import('./interop-parts.js')> {
  const interop = await import('./interop-parts.js');
  if (!configured) {
    interop.configureQRDecoder({ locateFile: () => new URL(wasmURL, location.href).href });
    // Other apps' SQLite databases: sql.js is loaded only when one is imported, its .wasm from here too.
    interop.configureSQLite({ locateFile: () => new URL(sqliteWasmURL, location.href).href });
    configured = true;
  }
  return interop;
}
