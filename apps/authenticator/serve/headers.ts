import { readFile } from 'node:fs/promises';

/** Long-lived caching for Vite's content-hashed files; a new build gets new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Everything else (index.html, sw.js, registerSW.js, the manifest, icons) is revalidated on every
 * fetch, so a new build reaches the service worker at once; the ETag keeps that a cheap 304.
 */
const REVALIDATE = 'no-cache';

/** Cache-Control for a file, by its path relative to the app's root (forward slashes). */
export function cacheControl(relativePath: string): string {
  return relativePath.startsWith('assets/') ? IMMUTABLE : REVALIDATE;
}

/** One year, subdomains included: what browsers' preload lists ask for. @see RFC 6797 §6.1 */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers every response carries: the app's CSP and the usual hardening, plus Strict-Transport-Security
 * when people reach the app over https (its public address; TLS ends at a proxy in front of this server).
 * Over plain http the header would be ignored by browsers and would only mislead (RFC 6797 §7.2).
 */
export function securityHeaders(csp: string, https = false): Record<string, string> {
  return {
    ...(https ? { 'Strict-Transport-Security': HSTS } : {}),
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The camera is the only powerful feature the app uses, and only for itself.
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
  };
}

/** Reads the CSP the app declares in apps/authenticator/csp.json (`{"content-security-policy": "..."}`). */
export async function readCSP(file: URL | string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`The authenticator's CSP file ${String(file)} is missing; rebuild or restore it.`);
  }
  let csp: unknown;
  try {
    csp = (JSON.parse(text) as Record<string, unknown> | null)?.['content-security-policy'];
  } catch {
    csp = undefined;
  }
  if (typeof csp !== 'string' || csp.trim() === '') {
    throw new Error(`${String(file)} has no "content-security-policy" string.`);
  }
  return csp;
}
