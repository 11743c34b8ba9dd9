/**
 * Benchmark page (served by the Vite dev server, with the app's CSP): camera frame → decoded
 * account, with the same steps as the app's scanner: draw the 640×480 frame, read its pixels,
 * decode with the bundled WASM decoder, interpret the text.
 */

import { loadInterop } from '../src/lib/qr-decoder.js';
import { interpretQRText } from '../src/lib/qr-text.js';

declare global {
  interface Window {
    benchFrames: (frames: number) => Promise<{ ms: number[]; width: number; height: number; kind: string }>;
  }
}

window.benchFrames = async (frames) => {
  const interop = await loadInterop();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  const video = document.querySelector('video')!;
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const ms: number[] = [];
  let kind = '';
  // One warm-up frame compiles and instantiates the WebAssembly module.
  for (let i = 0; i <= frames; i++) {
    const start = performance.now();
    ctx.drawImage(video, 0, 0);
    const texts = await interop.decodeQRImageData(ctx.getImageData(0, 0, canvas.width, canvas.height));
    kind = texts[0] ? (await interpretQRText(texts[0])).kind : 'none';
    if (i > 0) ms.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const track of stream.getTracks()) track.stop();
  return { ms, width: canvas.width, height: canvas.height, kind };
};
