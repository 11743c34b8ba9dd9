/**
 * Reads QR codes in Node with zxing-wasm, loading its .wasm from node_modules (never from a CDN).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { LumaImage } from './y4m.js';

let ready: Promise<unknown> | undefined;

function prepare(): Promise<unknown> {
  ready ??= (async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(path);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return ready;
}

/** Texts of all QR codes in an RGBA picture (a canvas's ImageData or a camera frame). */
export async function decodeQRPixels(pixels: {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(pixels as ImageData, { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}

/** Texts of all QR codes in a grey picture (e.g. a Y4M frame's luma plane). */
export function decodeQRLuma(image: LumaImage): Promise<string[]> {
  const data = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.luma.length; i++) {
    const y = image.luma[i]!;
    data.set([y, y, y, 255], 4 * i);
  }
  return decodeQRPixels({ data, width: image.width, height: image.height });
}

/** Texts of all QR codes in a PNG or JPEG file. */
export async function decodeQRFile(bytes: Uint8Array): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
