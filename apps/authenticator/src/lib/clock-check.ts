/** How far the device clock is off the server's `Date` header, in ms (positive: device is ahead). */
export function clockSkewMs(sentAt: number, receivedAt: number, dateHeader: string): number | null {
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return null;
  // The header has one-second resolution and was produced somewhere between send and receive:
  // compare against the midpoint and give the server the benefit of its rounding down.
  const local = (sentAt + receivedAt) / 2;
  const diff = local - (server + 500);
  return Math.abs(diff) <= 500 ? 0 : diff;
}

export const CLOCK_TOLERANCE_MS = 15_000;

/**
 * Asks the app's own origin for its `Date` (HEAD, uncached, never served by the service worker's
 * precache) and returns the skew, or null when offline or the header is missing.
 */
export async function measureClockSkew(now: () => number = Date.now): Promise<number | null> {
  try {
    const sentAt = now();
    const res = await fetch(`${location.origin}/`, { method: 'HEAD', cache: 'no-store' });
    const receivedAt = now();
    const header = res.headers.get('date');
    return header ? clockSkewMs(sentAt, receivedAt, header) : null;
  } catch {
    return null;
  }
}
