/**
 * Writes the app icons (public/icon-192.png, icon-512.png): a white check mark (確認) on the brand
 * blue, drawn with the QR package's PNG writer so the build needs no image tooling. Run once; the PNGs are
 * committed. `node --conditions=@kakunin/source --import tsx scripts/make-icons.ts`
 */
import { writeFileSync } from 'node:fs';
import { encodeRGBPNG } from '@kakunin/qr';

/** Distance from point p to segment ab. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The icon at `size` pixels square: brand blue, the check mark white. */
function icon(size: number): Promise<Uint8Array> {
  return encodeRGBPNG(size, size, (x, y) => {
    const u = x / size;
    const v = y / size;
    const d = Math.min(
      segmentDistance(u, v, 0.27, 0.52, 0.43, 0.68),
      segmentDistance(u, v, 0.43, 0.68, 0.74, 0.34),
    );
    return d < 0.06 ? 0xffffff : 0x1f4e79;
  });
}

for (const size of [192, 512])
  writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), await icon(size));
