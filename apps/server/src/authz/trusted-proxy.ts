import proxyAddr from '@fastify/proxy-addr';
import type { Config } from '../config.js';

/**
 * Whether the peer that sent a request is a proxy from TRUST_PROXY, whose X-Forwarded-* and
 * X-Original-* headers may be believed. `true` and a hop count trust any peer (as the client
 * address does); an address list trusts only those addresses.
 */
export function trustedProxy(setting: Config['trustProxy']): (address: string | undefined) => boolean {
  if (setting === false) return () => false;
  if (setting === true) return () => true;
  if (typeof setting === 'number') return () => setting > 0;
  const trust = proxyAddr.compile(setting);
  // The answer for each address seen, since the same few proxies send every check (parsing an address
  // costs more than the rest of the check); bounded, so a flood of addresses cannot fill memory.
  const known = new Map<string, boolean>();
  return (address) => {
    if (address === undefined) return false;
    let trusted = known.get(address);
    if (trusted === undefined) {
      trusted = trust(address, 0);
      if (known.size >= 1024) known.clear();
      known.set(address, trusted);
    }
    return trusted;
  };
}
