/**
 * A fake camera for Chromium: Y4M video files that show a QR code or an image.
 *
 * Chromium's `--use-file-for-fake-video-capture=FILE.y4m` feeds `getUserMedia` from such a file and
 * loops it. The format is a text header followed by frames of `FRAME\n` + Y plane + U plane + V plane
 * (4:2:0). We write grey pictures: the luma carries the picture, both chroma planes are neutral (128).
 */
import { writeFile } from 'node:fs/promises';
import { qrMatrix } from '@kakunin/qr';
import pngjs from 'pngjs';

/** Frame size of every Y4M we write: the resolution a phone camera preview typically offers. */
export const FRAME_WIDTH = 640;
export const FRAME_HEIGHT = 480;

/** Full-range BT.601 luma (`C420jpeg`), so 0 is black and 255 is white. */
const HEADER = `YUV4MPEG2 W${FRAME_WIDTH} H${FRAME_HEIGHT} F10:1 Ip A1:1 C420jpeg\n`;
const FRAME_MARK = 'FRAME\n';
const WHITE = 255;
const NEUTRAL_CHROMA = 128;

/** A grey picture: one luma byte per pixel, row by row. */
export interface LumaImage {
  width: number;
  height: number;
  luma: Uint8Array;
}

/** A blank white frame of the camera's size. */
function whiteFrame(): LumaImage {
  return {
    width: FRAME_WIDTH,
    height: FRAME_HEIGHT,
    luma: new Uint8Array(FRAME_WIDTH * FRAME_HEIGHT).fill(WHITE),
  };
}

/**
 * Draws `text` as a QR code, as large as fits with a 4-module quiet zone, centred in a camera frame.
 * @see ISO/IEC 18004:2015 §9.1 (quiet zone of 4 modules)
 */
export function qrFrame(text: string): LumaImage {
  const modules = qrMatrix(text);
  const quiet = 4;
  const scale = Math.floor(Math.min(FRAME_WIDTH, FRAME_HEIGHT) / (modules.size + 2 * quiet));
  if (scale < 1) throw new RangeError(`QR code of ${modules.size} modules does not fit a camera frame`);
  const frame = whiteFrame();
  const left = Math.floor((FRAME_WIDTH - modules.size * scale) / 2);
  const top = Math.floor((FRAME_HEIGHT - modules.size * scale) / 2);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.dark(col, row)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const offset = (top + row * scale + dy) * FRAME_WIDTH + left + col * scale;
        frame.luma.fill(0, offset, offset + scale);
      }
    }
  }
  return frame;
}

/** Decodes a PNG file to luma, compositing any transparency over white. */
export function pngLuma(png: Uint8Array): LumaImage {
  const decoded = pngjs.PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const { width, height, data } = decoded;
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i++) {
    const r = data[4 * i]!;
    const g = data[4 * i + 1]!;
    const b = data[4 * i + 2]!;
    const alpha = data[4 * i + 3]! / 255;
    // Rec. ITU-R BT.601 luma weights.
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    luma[i] = Math.round(y * alpha + WHITE * (1 - alpha));
  }
  return { width, height, luma };
}

/** Mean of the source pixels in [x0, x1) × [y0, y1) (at least one pixel). */
function boxAverage(image: LumaImage, x0: number, x1: number, y0: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = y0; y < Math.max(y1, y0 + 1); y++) {
    for (let x = x0; x < Math.max(x1, x0 + 1); x++) {
      sum += image.luma[y * image.width + x]!;
      count++;
    }
  }
  return Math.round(sum / count);
}

/**
 * Scales a picture to fit a camera frame inside `margin` white pixels on every side, keeping its
 * aspect ratio, centred. Enlarging repeats pixels (QR modules stay sharp); shrinking averages them.
 * The margin gives a QR code cut tightly from a screenshot the quiet zone a scanner needs.
 */
export function fitToFrame(image: LumaImage, margin = 32): LumaImage {
  const scale = Math.min(
    (FRAME_WIDTH - 2 * margin) / image.width,
    (FRAME_HEIGHT - 2 * margin) / image.height,
  );
  if (!(scale > 0)) throw new RangeError('image or margin leaves nothing to show');
  const width = Math.max(1, Math.floor(image.width * scale));
  const height = Math.max(1, Math.floor(image.height * scale));
  const left = Math.floor((FRAME_WIDTH - width) / 2);
  const top = Math.floor((FRAME_HEIGHT - height) / 2);
  const frame = whiteFrame();
  for (let y = 0; y < height; y++) {
    const y0 = Math.min(image.height - 1, Math.floor(y / scale));
    const y1 = Math.min(image.height, Math.floor((y + 1) / scale));
    for (let x = 0; x < width; x++) {
      const x0 = Math.min(image.width - 1, Math.floor(x / scale));
      const x1 = Math.min(image.width, Math.floor((x + 1) / scale));
      frame.luma[(top + y) * FRAME_WIDTH + left + x] = boxAverage(image, x0, x1, y0, y1);
    }
  }
  return frame;
}

/** A camera frame showing a PNG picture (e.g. a screenshot of a QR code), scaled to fit. */
export function pngFrame(png: Uint8Array, margin?: number): LumaImage {
  return fitToFrame(pngLuma(png), margin);
}

/** Encodes camera frames as a Y4M video (4:2:0, neutral chroma); Chromium loops it. */
export function encodeY4M(frames: readonly LumaImage[]): Uint8Array {
  if (frames.length === 0) throw new RangeError('a Y4M video needs at least one frame');
  const lumaSize = FRAME_WIDTH * FRAME_HEIGHT;
  const chromaSize = (FRAME_WIDTH / 2) * (FRAME_HEIGHT / 2);
  const header = new TextEncoder().encode(HEADER);
  const mark = new TextEncoder().encode(FRAME_MARK);
  const frameSize = mark.length + lumaSize + 2 * chromaSize;
  const out = new Uint8Array(header.length + frames.length * frameSize);
  out.set(header, 0);
  frames.forEach((frame, index) => {
    if (frame.width !== FRAME_WIDTH || frame.height !== FRAME_HEIGHT) {
      throw new RangeError(
        `frame ${index} is ${frame.width}×${frame.height}, not ${FRAME_WIDTH}×${FRAME_HEIGHT}`,
      );
    }
    const start = header.length + index * frameSize;
    out.set(mark, start);
    out.set(frame.luma, start + mark.length);
    out.fill(NEUTRAL_CHROMA, start + mark.length + lumaSize, start + frameSize);
  });
  return out;
}

/** Reads the first frame's luma back from a Y4M we wrote (for checks). */
export function decodeY4MFirstFrame(video: Uint8Array): LumaImage {
  const text = new TextDecoder('latin1').decode(video.subarray(0, 128));
  const headerEnd = text.indexOf('\n');
  const match = /^YUV4MPEG2 W(\d+) H(\d+) /.exec(text);
  if (headerEnd < 0 || !match || !text.startsWith(FRAME_MARK, headerEnd + 1)) {
    throw new Error('not a YUV4MPEG2 video');
  }
  const width = Number(match[1]);
  const height = Number(match[2]);
  const start = headerEnd + 1 + FRAME_MARK.length;
  return { width, height, luma: video.slice(start, start + width * height) };
}

/** Writes a one-frame Y4M showing `text` as a QR code; returns the path. */
export async function writeQRVideo(path: string, text: string): Promise<string> {
  await writeFile(path, encodeY4M([qrFrame(text)]));
  return path;
}

/** Writes a one-frame Y4M showing a PNG picture (e.g. an element screenshot); returns the path. */
export async function writePNGVideo(path: string, png: Uint8Array, margin?: number): Promise<string> {
  await writeFile(path, encodeY4M([pngFrame(png, margin)]));
  return path;
}
