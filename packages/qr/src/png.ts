/**
 * A minimal PNG writer for QR codes (1-bit greyscale) and the authenticator's icons (8-bit truecolour):
 * one IHDR, one IDAT compressed with the platform's CompressionStream('deflate') (zlib format, as PNG
 * requires), IEND. No node:* and no canvas, so it runs
 * the same in Node, browsers and workers.
 * @see https://www.w3.org/TR/png-3/ §5 (chunks), §11.2 (IHDR), §9 (filter type 0)
 */

import { type QRMatrix, QUIET_ZONE, qrMatrix } from './matrix.js';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** PNG bytes from filtered scanlines (each row starts with filter type 0) and IHDR's bit depth and colour type. */
async function encodePNG(
  width: number,
  height: number,
  bitDepth: number,
  colourType: number,
  scanlines: Uint8Array,
): Promise<Uint8Array> {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([bitDepth, colourType, 0, 0, 0], 8); // deflate, filter 0, no interlace
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(scanlines)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    png.set(p, offset);
    offset += p.length;
  }
  return png;
}

/** Encode a black-and-white image (`dark(x, y)`) as PNG bytes (1-bit greyscale). */
export function encodeBitmapPNG(
  width: number,
  height: number,
  dark: (x: number, y: number) => boolean,
): Promise<Uint8Array> {
  const stride = Math.ceil(width / 8) + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Bit 1 is white in 1-bit greyscale.
      if (!dark(x, y)) raw[y * stride + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return encodePNG(width, height, 1, 0, raw);
}

/** Encode a colour image (`colour(x, y)` as 0xRRGGBB) as PNG bytes (8-bit truecolour). */
export function encodeRGBPNG(
  width: number,
  height: number,
  colour: (x: number, y: number) => number,
): Promise<Uint8Array> {
  const stride = width * 3 + 1;
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const rgb = colour(x, y);
      raw.set([(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff], y * stride + 1 + x * 3);
    }
  }
  return encodePNG(width, height, 8, 2, raw);
}

/** PNG bytes of the QR code for `text`, `scale` pixels per module (default 8), with the quiet zone. */
export function qrPNG(text: string | QRMatrix, options: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 8;
  const { size, dark } = typeof text === 'string' ? qrMatrix(text) : text;
  const width = (size + 2 * QUIET_ZONE) * scale;
  return encodeBitmapPNG(width, width, (x, y) =>
    dark(Math.floor(x / scale) - QUIET_ZONE, Math.floor(y / scale) - QUIET_ZONE),
  );
}
