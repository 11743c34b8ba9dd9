import { textOf } from '../bytes.js';

/**
 * Reading back QR codes drawn as SVG (Kakunin's own QR pages and most generators): the dark modules are
 * either one stroked path of horizontal runs (`M x y.5 h n m dx dy …`, as the `qrcode` package draws
 * them) or filled `<rect>`s. The modules are painted into RGBA pixels for the QR decoder; nothing of the
 * SVG is rendered or run.
 */

const PIXELS_PER_MODULE = 4;
const MAX_SIDE = 400; // modules; a version 40 QR code with its quiet zone is 185

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Whether the bytes are an SVG document (optionally after an XML declaration or comments). */
export function isSVG(bytes: Uint8Array): boolean {
  const head = textOf(bytes.subarray(0, 512));
  if (head === null) return false;
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(head);
}

const attr = (tag: string, name: string): string | null =>
  new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1] ?? null;

const isLight = (colour: string | null): boolean =>
  colour !== null && /^(#fff(fff)?|white|none|transparent)$/i.test(colour.trim());

/** Runs of dark modules of a path drawn with M/m/H/h/V/v/z commands, as [x, y, width, height] boxes. */
function pathBoxes(d: string): number[][] {
  const boxes: number[][] = [];
  const tokens = d.match(/[MmHhVvLlZz]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  let x = 0;
  let y = 0;
  let command = 'M';
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (/[A-Za-z]/.test(token)) {
      command = token;
      i++;
      if (command === 'z' || command === 'Z') continue;
    }
    const n = (k: number): number => Number(tokens[i + k]);
    if (command === 'M' || command === 'm') {
      [x, y] = command === 'M' ? [n(0), n(1)] : [x + n(0), y + n(1)];
      i += 2;
    } else if (command === 'h' || command === 'H') {
      const to = command === 'H' ? n(0) : x + n(0);
      boxes.push([Math.min(x, to), Math.floor(y), Math.abs(to - x), 1]);
      x = to;
      i += 1;
    } else if (command === 'v' || command === 'V') {
      const to = command === 'V' ? n(0) : y + n(0);
      y = to;
      i += 1;
    } else {
      return [];
    }
    if (Number.isNaN(x) || Number.isNaN(y)) return [];
  }
  return boxes;
}

/** The dark modules of an SVG QR code painted as pixels, or null when the SVG draws none we understand. */
export function svgPixels(svgText: string): Pixels | null {
  const svg = /<svg\b[^>]*>/i.exec(svgText)?.[0];
  if (!svg) return null;
  const box = (attr(svg, 'viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const side = Math.ceil(
    Math.max(box[2] ?? Number(attr(svg, 'width')), box[3] ?? Number(attr(svg, 'height'))),
  );
  if (!Number.isFinite(side) || side <= 0 || side > MAX_SIDE) return null;
  const [originX, originY] = [box[0] ?? 0, box[1] ?? 0];
  const boxes: number[][] = [];
  for (const tag of svgText.match(/<(path|rect)\b[^>]*>/gi) ?? []) {
    const paint = attr(tag, 'stroke') ?? attr(tag, 'fill');
    if (isLight(paint)) continue;
    if (/^<path/i.test(tag)) boxes.push(...pathBoxes(attr(tag, 'd') ?? ''));
    else boxes.push(['x', 'y', 'width', 'height'].map((k) => Number(attr(tag, k) ?? 0)));
  }
  if (boxes.length === 0) return null;
  const width = side * PIXELS_PER_MODULE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [bx = 0, by = 0, bw = 0, bh = 0] of boxes) {
    const x0 = Math.max(0, Math.round((bx - originX) * PIXELS_PER_MODULE));
    const y0 = Math.max(0, Math.round((by - originY) * PIXELS_PER_MODULE));
    const x1 = Math.min(width, Math.round((bx - originX + bw) * PIXELS_PER_MODULE));
    const y1 = Math.min(width, Math.round((by - originY + bh) * PIXELS_PER_MODULE));
    for (let py = y0; py < y1; py++) {
      for (let px = x0; px < x1; px++) data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
    }
  }
  return { data, width, height: width };
}
