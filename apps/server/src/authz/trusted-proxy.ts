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
  return (address) => address !== undefined && trust(address, 0);
}
