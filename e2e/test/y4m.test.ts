import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeQRCodes as decodeQRFile } from '@kakunin/interop';
import {
  decodeY4MFirstFrame,
  encodeY4M,
  FRAME_HEIGHT,
  FRAME_WIDTH,
  firstPage,
  fitToFrame,
  launchPhone,
  pngFrame,
  pngLuma,
  qrFrame,
  relaunchPhone,
  writePNGVideo,
  writeQRVideo,
} from '@kakunin/test-support';
import pngjs from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQRLuma } from '../support/qr-decode.js';

const URI = 'otpauth://totp/Kakunin:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kakunin';
const HEADER = 'YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n';

function solidPNG(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const png = new pngjs.PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, 4 * i);
  return new Uint8Array(pngjs.PNG.sync.write(png));
}

describe('Y4M writer', () => {
  it('writes the header, one frame of 4:2:0 planes and neutral chroma', () => {
    const video = encodeY4M([qrFrame(URI), qrFrame('second')]);
    const frameBytes = 6 + FRAME_WIDTH * FRAME_HEIGHT * 1.5;
    expect(new TextDecoder().decode(video.subarray(0, HEADER.length))).toBe(HEADER);
    expect(video.length).toBe(HEADER.length + 2 * frameBytes);
    for (const start of [HEADER.length, HEADER.length + frameBytes]) {
      expect(new TextDecoder().decode(video.subarray(start, start + 6))).toBe('FRAME\n');
      const chroma = video.subarray(start + 6 + FRAME_WIDTH * FRAME_HEIGHT, start + frameBytes);
      expect(chroma.every((v) => v === 128)).toBe(true);
    }
  });

  it('renders a QR code that decodes back from the Y plane', async () => {
    const frame = decodeY4MFirstFrame(encodeY4M([qrFrame(URI)]));
    expect(frame.width).toBe(640);
    expect(new Set(frame.luma)).toEqual(new Set([0, 255]));
    expect(await decodeQRLuma(frame)).toEqual([URI]);
  });

  it('refuses frames of another size and empty videos', () => {
    expect(() => encodeY4M([])).toThrow(RangeError);
    expect(() => encodeY4M([{ width: 2, height: 2, luma: new Uint8Array(4) }])).toThrow(/2×2/);
    expect(() => decodeY4MFirstFrame(new TextEncoder().encode('GIF89a'))).toThrow(/not a YUV4MPEG2/);
  });

  it('converts PNG colours to BT.601 luma, transparency over white', () => {
    expect(pngLuma(solidPNG(2, 1, [255, 0, 0, 255])).luma).toEqual(new Uint8Array([76, 76]));
    expect(pngLuma(solidPNG(1, 1, [0, 0, 255, 255])).luma).toEqual(new Uint8Array([29]));
    expect(pngLuma(solidPNG(1, 1, [0, 0, 0, 0])).luma).toEqual(new Uint8Array([255]));
  });

  it('scales a picture to fit, keeping its aspect ratio, centred on white', () => {
    const frame = fitToFrame({ width: 2, height: 1, luma: new Uint8Array([0, 0]) }, 0);
    // 2×1 fits as 640×320, centred vertically: rows 80..399 black, the rest white.
    expect(frame.luma[79 * 640]).toBe(255);
    expect(frame.luma[80 * 640]).toBe(0);
    expect(frame.luma[399 * 640 + 639]).toBe(0);
    expect(frame.luma[400 * 640]).toBe(255);
  });

  it('turns a small screenshot of a QR code without quiet zone into a readable frame', async () => {
    const png = await QRCode.toBuffer(URI, { scale: 2, margin: 0 });
    expect(await decodeQRLuma(pngFrame(png))).toEqual([URI]);
  });

  it('turns a large screenshot into a readable frame by shrinking it', async () => {
    const png = await QRCode.toBuffer(URI, { scale: 25, margin: 4 });
    expect(pngLuma(png).width).toBeGreaterThan(FRAME_WIDTH);
    expect(await decodeQRLuma(pngFrame(png))).toEqual([URI]);
  });
});

describe('fake camera in Chromium', () => {
  let dir: string;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kakunin-camera-'));
    // getUserMedia needs a secure context; http://localhost is one.
    server = createServer((_req, res) => res.end('<!doctype html><title>camera</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function cameraFrame(context: Awaited<ReturnType<typeof launchPhone>>) {
    const page = await firstPage(context);
    await page.goto(origin);
    const frame = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      while (video.videoWidth === 0) await new Promise((r) => setTimeout(r, 20));
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(video, 0, 0);
      for (const track of stream.getTracks()) track.stop();
      return { width: canvas.width, height: canvas.height, png: canvas.toDataURL('image/png') };
    });
    const png = Buffer.from(frame.png.slice(frame.png.indexOf(',') + 1), 'base64');
    return { width: frame.width, height: frame.height, png: new Uint8Array(png) };
  }

  it('shows the Y4M to getUserMedia, and shows another one after a relaunch on the same profile', async () => {
    const profileDir = join(dir, 'phone');
    const first = await writeQRVideo(join(dir, 'first.y4m'), URI);
    const secondPNG = await QRCode.toBuffer('otpauth://hotp/Second?secret=GEZDGNBV&counter=3', { scale: 3 });
    const second = await writePNGVideo(join(dir, 'second.y4m'), secondPNG);
    expect((await readFile(second)).length).toBe(HEADER.length + 6 + 640 * 480 * 1.5);

    let phone = await launchPhone({ profileDir, cameraFile: first });
    try {
      const frame = await cameraFrame(phone);
      expect([frame.width, frame.height]).toEqual([640, 480]);
      expect(await decodeQRFile(frame.png)).toEqual([URI]);
      await (await firstPage(phone)).evaluate(() => localStorage.setItem('kept', 'yes'));

      phone = await relaunchPhone(phone, { profileDir, cameraFile: second });
      expect(await decodeQRFile((await cameraFrame(phone)).png)).toEqual([
        'otpauth://hotp/Second?secret=GEZDGNBV&counter=3',
      ]);
      expect(await (await firstPage(phone)).evaluate(() => localStorage.getItem('kept'))).toBe('yes');
    } finally {
      await phone.close();
    }
  });
});
