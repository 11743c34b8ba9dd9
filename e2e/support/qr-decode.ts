/**
 * Reads QR codes in Node with the product's own decoder (@kakunin/interop: zxing-wasm, offline).
 */
import { decodeQRImageData } from '@kakunin/interop';
import type { LumaImage } from '@kakunin/test-support';

/** Texts of all QR codes in a grey picture (e.g. a Y4M frame's luma plane). */
export function decodeQRLuma(image: LumaImage): Promise<string[]> {
  const data = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0; i < image.luma.length; i++) {
    const y = image.luma[i]!;
    data.set([y, y, y, 255], 4 * i);
  }
  return decodeQRImageData({ data, width: image.width, height: image.height });
}
