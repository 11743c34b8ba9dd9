import type { IncomingHttpHeaders } from 'node:http';

/** The request a reverse proxy asks about: its method and full address. */
export interface OriginalRequest {
  method: string;
  url: URL;
}

/**
 * Traefik `forwardAuth` and Caddy `forward_auth`: the address comes in pieces,
 * X-Forwarded-Proto, -Host, -Uri (and -Method). Undefined when a piece is missing or malformed.
 */
export function forwardedRequest(headers: IncomingHttpHeaders): OriginalRequest | undefined {
  const proto = first(headers['x-forwarded-proto'])?.toLowerCase();
  const host = first(headers['x-forwarded-host']);
  const uri = single(headers['x-forwarded-uri']) ?? '/';
  if ((proto !== 'http' && proto !== 'https') || !host || !uri.startsWith('/')) return undefined;
  return build(`${proto}://${host}${uri}`, single(headers['x-forwarded-method']));
}

/** nginx `auth_request`: the whole address in X-Original-URL (and X-Original-Method). */
export function originalURLRequest(headers: IncomingHttpHeaders): OriginalRequest | undefined {
  const text = single(headers['x-original-url']);
  return text ? build(text, single(headers['x-original-method'])) : undefined;
}

function build(text: string, method: string | undefined): OriginalRequest | undefined {
  const verb = (method ?? 'GET').toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(verb)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  // A host smuggled with a user name (http://app@evil) or an odd scheme is not an address we protect.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
    return undefined;
  if (!url.hostname) return undefined;
  return { method: verb, url };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 8192 ? value : undefined;
}

// Several proxies in a row append to X-Forwarded-Proto/-Host; the first is what the client asked.
function first(value: string | string[] | undefined): string | undefined {
  return single(value)?.split(',')[0]?.trim() || undefined;
}
