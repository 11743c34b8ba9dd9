import { prepareZXingModule, type ReaderOptions, readBarcodes } from 'zxing-wasm/reader';
import { defaultWasmBinary } from '#wasm-loader';
import { textOf } from '../bytes.js';
import { isSVG, svgPixels } from './svg.js';

/**
 * QR decoding with zxing-wasm's reader, fully offline: the WebAssembly module is always supplied by us
 * (configureQRDecoder, or the package file under Node) so zxing-wasm never fetches it from its CDN.
 */

export interface QRDecoderConfig {
  /** The bytes of zxing-wasm/reader/zxing_reader.wasm. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Returns the URL of zxing_reader.wasm (e.g. a Vite `?url` import); called with the file name. */
  locateFile?: (path: string) => string;
}

let ready: Promise<void> | null = null;

const arrayBuffer = (bytes: ArrayBuffer | Uint8Array): ArrayBuffer =>
  bytes instanceof Uint8Array
    ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
    : bytes;

/** Tell the decoder where its WebAssembly comes from; call before the first decode in a browser. */
export function configureQRDecoder(config: QRDecoderConfig): void {
  const { wasmBinary, locateFile } = config;
  if (wasmBinary === undefined && locateFile === undefined)
    throw new TypeError('wasmBinary or locateFile is required');
  prepareZXingModule({
    overrides: {
      ...(wasmBinary === undefined ? {} : { wasmBinary: arrayBuffer(wasmBinary) }),
      ...(locateFile === undefined
        ? {}
        : {
            locateFile: (path: string, prefix: string) =>
              path.endsWith('.wasm') ? locateFile(path) : prefix + path,
          }),
    },
    equalityFn: Object.is,
    fireImmediately: false,
  });
  ready = Promise.resolve();
}

function prepared(): Promise<void> {
  ready ??= defaultWasmBinary().then((wasmBinary) => {
    prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: false });
  });
  // A failed load must not stick: the app may configure the decoder and try again.
  return ready.catch((error: unknown) => {
    ready = null;
    throw error;
  });
}

// A quick pass finds a clear code (screenshots, most photos) in a few tens of milliseconds on 1280×720;
// only when it finds nothing does the thorough pass try harder, inverted and rotated.
const QUICK: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  maxNumberOfSymbols: 16,
};
const THOROUGH: ReaderOptions = {
  ...QUICK,
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
};

async function read(input: Uint8Array | ImageData): Promise<string[]> {
  await prepared();
  for (const options of [QUICK, THOROUGH]) {
    const texts = (await readBarcodes(input, options)).filter((r) => r.isValid).map((r) => r.text);
    if (texts.length > 0) return texts;
  }
  return [];
}

/** Texts of every QR code in an image file (PNG, JPEG, GIF, BMP, SVG); [] when none is found. */
export async function decodeQRCodes(imageBytes: Uint8Array): Promise<string[]> {
  if (!isSVG(imageBytes)) return read(imageBytes);
  const pixels = svgPixels(textOf(imageBytes) ?? '');
  return pixels === null ? [] : read(pixels as unknown as ImageData);
}

/** Texts of every QR code in raw RGBA pixels, e.g. a camera frame drawn on a canvas. */
export function decodeQRImageData(imageData: {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}): Promise<string[]> {
  // zxing-wasm takes anything shaped like ImageData, so Node callers need no ImageData class.
  return read(imageData as ImageData);
}
