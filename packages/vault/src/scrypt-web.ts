import { scryptAsync } from '@noble/hashes/scrypt.js';
import { type ScryptFunction, scryptMemory } from './scrypt-params.js';

/** scrypt from @noble/hashes for browsers; it yields to the event loop so the page stays responsive. */
export const scrypt: ScryptFunction = (password, salt, params) =>
  scryptAsync(password, salt, { ...params, maxmem: 2 * scryptMemory(params) });
