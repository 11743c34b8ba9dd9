/**
 * Synthetic "photo of a phone screen showing a QR code": the code drawn on a white screen inside a dark
 * phone body, rotated, scaled, slightly keystoned as by a tilted camera, on an unevenly lit background
 * with clutter, then blurred, noised and JPEG-compressed. Deterministic (seeded).
 */

import { qrMatrix } from '@kakunin/qr';
import jpeg from 'jpeg-js';

export interface PhotoOptions {
  width?: number;
  height?: number;
  /** Rotation of the phone in degrees. */
  angle?: number;
  /** Pixels per QR module. */
  module?: number;
  /** Centre of the QR code in the picture, as fractions of width and height. */
  at?: [number, number];
  seed?: number;
  quality?: number;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Greyscale pixels of the scene (0 black … 255 white). */
function scene(text: string | null, o: Required<PhotoOptions>): Float32Array {
  const { width, height, module } = o;
  const rand = random(o.seed);
  const matrix = text === null ? null : qrMatrix(text);
  const size = matrix?.size ?? 33;
  const cos = Math.cos((o.angle * Math.PI) / 180);
  const sin = Math.sin((o.angle * Math.PI) / 180);
  const [cx, cy] = [o.at[0] * width, o.at[1] * height];
  const half = (size / 2 + 4) * module; // screen half-width around the code
  const blobs = Array.from({ length: 12 }, () => [
    rand() * width,
    rand() * height,
    20 + rand() * 60,
    rand() * 200,
  ]);
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Keystone: the far (top) edge of the picture is slightly narrower.
      const k = 1 + 0.08 * ((y - cy) / height);
      const dx = (x - cx) * k;
      const dy = y - cy;
      const u = (dx * cos + dy * sin) / module + size / 2;
      const v = (-dx * sin + dy * cos) / module + size / 2;
      let value = 90 + 80 * (x / width) + 40 * Math.sin(y / 97); // uneven light on a desk
      for (const [bx, by, r, shade] of blobs) if ((x - bx!) ** 2 + (y - by!) ** 2 < r! ** 2) value = shade!;
      const su = (u - size / 2) * module;
      const sv = (v - size / 2) * module;
      if (Math.abs(su) < half + 40 && Math.abs(sv) < half * 1.9 + 60) value = 25; // phone body
      if (Math.abs(su) < half && Math.abs(sv) < half * 1.8) {
        value = 235; // lit screen
        if (matrix && u >= 0 && v >= 0 && u < size && v < size && matrix.dark(Math.floor(u), Math.floor(v)))
          value = 30;
      }
      pixels[y * width + x] = value;
    }
  }
  return pixels;
}

/** RGBA pixels of the photo (blurred and noised, before compression). */
export function photoPixels(
  text: string | null,
  options: PhotoOptions = {},
): { data: Uint8ClampedArray; width: number; height: number } {
  const o: Required<PhotoOptions> = {
    width: 1280,
    height: 720,
    angle: 11,
    module: 6,
    at: [0.55, 0.5],
    seed: 42,
    quality: 70,
    ...options,
  };
  const grey = scene(text, o);
  const rand = random(o.seed + 1);
  const { width, height } = o;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // 3×3 box blur (camera focus), then sensor noise and a warm tint.
      let sum = 0;
      let n = 0;
      for (let j = -1; j <= 1; j++) {
        for (let i = -1; i <= 1; i++) {
          const v =
            grey[Math.min(height - 1, Math.max(0, y + j)) * width + Math.min(width - 1, Math.max(0, x + i))];
          sum += v ?? 0;
          n++;
        }
      }
      const value = sum / n + (rand() - 0.5) * 50;
      const p = (y * width + x) * 4;
      data[p] = value + 12;
      data[p + 1] = value;
      data[p + 2] = value - 14;
      data[p + 3] = 255;
    }
  }
  return { data, width, height };
}

/** The photo as JPEG file bytes. */
export function photoJPEG(text: string | null, options: PhotoOptions = {}): Uint8Array {
  const frame = photoPixels(text, options);
  const encoded = jpeg.encode(
    { data: Buffer.from(frame.data.buffer), width: frame.width, height: frame.height },
    options.quality ?? 70,
  );
  return new Uint8Array(encoded.data);
}
